namespace LvsOperator.Core.Resources;

public sealed record RealServerStatus
{
    public long? ObservedGeneration { get; init; }
    public IReadOnlyList<Condition>? Conditions { get; init; }

    /// <summary>How many VirtualServices select this real server.</summary>
    public int VirtualServices { get; init; }
}
