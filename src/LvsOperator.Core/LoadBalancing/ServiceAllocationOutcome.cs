namespace LvsOperator.Core.LoadBalancing;

/// <summary>
/// One Service's addresses (one per family, in the Service's family order) and the pool they came from, or why it
/// has none. <see cref="Released"/> lists addresses it held that it must give up, and why.
/// </summary>
public sealed record ServiceAllocationOutcome
{
    public IReadOnlyList<string> Addresses { get; init; } = [];
    public string? Pool { get; init; }
    public AllocationFailure? Failure { get; init; }
    public IReadOnlyList<ReleasedAddress> Released { get; init; } = [];

    public bool Succeeded => Failure is null;
}
