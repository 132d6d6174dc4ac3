using LvsOperator.Core.Planning;
using LvsOperator.Node.Kernel;

namespace LvsOperator.Node.Reconcile;

/// <summary>One reconcile cycle: what was planned, what became of each operation, and how long it took.</summary>
public sealed record ReconcileResult(Plan Plan, IReadOnlyList<OperationOutcome> Outcomes, TimeSpan Duration)
{
    public IEnumerable<OperationOutcome> Failures => Outcomes.Where(o => !o.Succeeded);

    /// <summary>Destinations still draining: the next cycle must come back for them even if nothing else changes.</summary>
    public bool HasPendingDrains { get; init; }
}
