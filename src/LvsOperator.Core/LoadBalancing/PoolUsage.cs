using System.Numerics;

namespace LvsOperator.Core.LoadBalancing;

/// <summary>One pool as allocation saw it: its size, what it hands out, and what is wrong with it.</summary>
public sealed record PoolUsage
{
    public string Pool { get; init; } = "";
    public BigInteger TotalIPv4 { get; init; }
    public BigInteger TotalIPv6 { get; init; }
    public int AssignedIPv4 { get; init; }
    public int AssignedIPv6 { get; init; }

    /// <summary>Entries of <c>spec.addresses</c> that parse as neither CIDR nor range: the pool hands out nothing.</summary>
    public IReadOnlyList<string> UnparsableEntries { get; init; } = [];

    /// <summary>Older pools (or first by name) sharing addresses with this one: it hands out nothing while they do.</summary>
    public IReadOnlyList<string> OverlappingPools { get; init; } = [];

    /// <summary>Services whose address this pool gave but no longer contains (or no longer admits them).</summary>
    public IReadOnlyList<ServiceName> ShrunkUnder { get; init; } = [];

    public bool Usable => UnparsableEntries.Count == 0 && OverlappingPools.Count == 0;
}
