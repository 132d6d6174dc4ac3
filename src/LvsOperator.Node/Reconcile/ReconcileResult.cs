using LvsOperator.Core.Planning;
using LvsOperator.Node.Kernel;

namespace LvsOperator.Node.Reconcile;

/// <summary>One reconcile cycle: what was planned, what became of each operation, and how long it took.</summary>
public sealed record ReconcileResult(Plan Plan, IReadOnlyList<OperationOutcome> Outcomes, TimeSpan Duration)
{
    public IEnumerable<OperationOutcome> Failures => Outcomes.Where(o => !o.Succeeded);

    /// <summary>Removed destinations still draining: the next cycle must come back for them even if nothing else changes.</summary>
    public IReadOnlyCollection<DrainKey> Draining { get; init; } = [];

    public bool HasPendingDrains => Draining.Count > 0;

    /// <summary>Whether the cycle read and planned only the services that changed (issue 14), not the whole node.</summary>
    public bool ServicesOnly { get; init; }

    /// <summary>Reading the kernel.</summary>
    public TimeSpan Read { get; init; }

    /// <summary>Planning, a pure function of what was read.</summary>
    public TimeSpan Planning { get; init; }

    /// <summary>Applying the plan and recording what succeeded.</summary>
    public TimeSpan Apply { get; init; }
}
