using System.Collections.Immutable;

namespace LvsOperator.Core.Kernel;

/// <summary>
/// Everything one node's kernel must hold, whatever roles the node plays: IPVS services as a director,
/// VIPs and sysctls as a director or a real server, the links those VIPs live on, source NAT, and the failover groups
/// whose VIPs the node holds only while it is their VRRP master.
/// </summary>
public sealed record NodeDesiredState(
    ImmutableSortedDictionary<ServiceKey, DesiredService> Services,
    ImmutableSortedSet<InterfaceAddress> Addresses,
    ImmutableSortedDictionary<string, LinkKind> Links,
    ImmutableSortedDictionary<string, string> Sysctls)
{
    public static NodeDesiredState Empty { get; } = new(
        ImmutableSortedDictionary<ServiceKey, DesiredService>.Empty,
        ImmutableSortedSet<InterfaceAddress>.Empty,
        ImmutableSortedDictionary<string, LinkKind>.Empty.WithComparers(StringComparer.Ordinal),
        ImmutableSortedDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal));

    /// <summary>Virtual routers by VRID; their VIPs are also in <see cref="Addresses"/>, for whichever node is master.</summary>
    public ImmutableSortedDictionary<byte, FailoverGroup> Failover { get; init; } = ImmutableSortedDictionary<byte, FailoverGroup>.Empty;

    /// <summary>
    /// Services whose NAT connections the director masquerades (one nftables rule each), for real servers
    /// that do not route back through it.
    /// </summary>
    public ImmutableSortedSet<ServiceKey> SourceNat { get; init; } = ImmutableSortedSet<ServiceKey>.Empty;

    /// <summary>GUE receive ports a TUN real server opens, so the kernel decapsulates what the director sends (<c>ip fou add port P gue</c>).</summary>
    public ImmutableSortedSet<FouPortKey> GuePorts { get; init; } = ImmutableSortedSet<FouPortKey>.Empty;

    /// <summary>The BGP sessions and VIP routes of an active/active director (issue 17); empty elsewhere.</summary>
    public BgpAnnouncement Bgp { get; init; } = BgpAnnouncement.Empty;
}
