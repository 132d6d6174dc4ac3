using LvsOperator.Node.Reconcile;

namespace LvsOperator.Node.Bench;

/// <summary>One change's way from the event to the kernel, by phase.</summary>
internal sealed record Change(TimeSpan Compile, TimeSpan Merge, ReconcileResult Cycle)
{
    public static string Ms(TimeSpan t) => $"{t.TotalMilliseconds:F1} ms";

    public TimeSpan Total => Compile + Merge + Cycle.Duration;

    public override string ToString() =>
        $"{Ms(Total)} = compile {Ms(Compile)} + merge {Ms(Merge)} + reconcile {Ms(Cycle.Duration)} "
        + $"(read {Ms(Cycle.Read)}, plan {Ms(Cycle.Planning)}, apply {Ms(Cycle.Apply)}; services only: {Cycle.ServicesOnly})";
}
