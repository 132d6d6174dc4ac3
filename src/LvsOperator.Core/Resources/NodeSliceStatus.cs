namespace LvsOperator.Core.Resources;

/// <summary>What the node's agent made of the slice: written by that agent only.</summary>
public sealed record NodeSliceStatus
{
    /// <summary>The slice generation the agent last applied (successfully or not, as the conditions say).</summary>
    public long? ObservedGeneration { get; init; }

    /// <summary><c>Programmed</c> (the kernel holds the spec) and <c>Draining</c> (removed destinations still hold connections).</summary>
    public IReadOnlyList<Condition>? Conditions { get; init; }

    /// <summary>Destinations of this slice the director's health checks hold down.</summary>
    public IReadOnlyList<UnhealthyRealServer>? Unhealthy { get; init; }

    /// <summary>The node's VRRP routers for the slice's failover group, one per address family.</summary>
    public IReadOnlyList<FailoverRouterStatus>? Failover { get; init; }
}
