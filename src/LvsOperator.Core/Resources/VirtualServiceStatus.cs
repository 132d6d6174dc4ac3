namespace LvsOperator.Core.Resources;

public sealed record VirtualServiceStatus
{
    public long? ObservedGeneration { get; init; }
    public IReadOnlyList<Condition>? Conditions { get; init; }
    public int ReadyRealServers { get; init; }
    public int TotalRealServers { get; init; }

    /// <summary><c>ready/total</c>, for the READY printer column.</summary>
    public string? Ready { get; init; }
}
