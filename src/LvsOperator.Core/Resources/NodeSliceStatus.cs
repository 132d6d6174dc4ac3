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

    /// <summary>The node's BGP sessions with the peers the slice announces to (active/active, issue 17).</summary>
    public IReadOnlyList<BgpSessionStatus>? Bgp { get; init; }

    /// <summary>
    /// Says the same as <paramref name="other"/>: what a write would change. Records compare lists by reference,
    /// so field by field; an absent list is an empty one, and a condition's transition time is left out (it
    /// moves only with the condition's status, which is compared).
    /// </summary>
    public bool SameAs(NodeSliceStatus? other) =>
        other is not null
        && ObservedGeneration == other.ObservedGeneration
        && (Conditions ?? []).Count == (other.Conditions ?? []).Count
        && (Conditions ?? []).Zip(other.Conditions ?? []).All(p => p.First.SameAs(p.Second))
        && (Unhealthy ?? []).SequenceEqual(other.Unhealthy ?? [])
        && (Failover ?? []).SequenceEqual(other.Failover ?? [])
        && (Bgp ?? []).SequenceEqual(other.Bgp ?? []);
}
