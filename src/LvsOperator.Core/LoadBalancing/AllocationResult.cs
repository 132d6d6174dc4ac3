namespace LvsOperator.Core.LoadBalancing;

/// <summary>What allocation decided: one outcome per input Service, and the usage of every pool for its status.</summary>
public sealed record AllocationResult(
    IReadOnlyDictionary<ServiceName, ServiceAllocationOutcome> Services,
    IReadOnlyDictionary<string, PoolUsage> Pools);
