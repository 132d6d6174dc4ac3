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
}
