using LvsOperator.Core.Kernel;

namespace LvsOperator.Core.Compilation;

/// <summary>Node-side names the compiler bakes into the desired state.</summary>
public sealed record CompilerOptions
{
    /// <summary>The dummy link that holds director VIPs, so no real NIC answers ARP for them unasked.</summary>
    public string DirectorInterface { get; init; } = "lvs0";

    /// <summary>Where DR real servers hold the VIP (the seed's <c>lo:0</c>).</summary>
    public string LoopbackInterface { get; init; } = "lo";

    /// <summary>Where TUN real servers hold an IPv4 VIP; the kernel creates it when <c>ipip</c> loads.</summary>
    public string TunnelInterface { get; init; } = "tunl0";

    /// <summary>Where TUN real servers hold an IPv6 VIP; the kernel creates it when <c>ip6_tunnel</c> loads.</summary>
    public string Tunnel6Interface { get; init; } = "ip6tnl0";

    /// <summary>Every link the compiler may ask a node for, with its kind: the director's dummy and the kernel's tunnels.</summary>
    public IReadOnlyDictionary<string, LinkKind> Links => new Dictionary<string, LinkKind>(StringComparer.Ordinal)
    {
        [DirectorInterface] = LinkKind.Dummy,
        [TunnelInterface] = LinkKind.Existing,
        [Tunnel6Interface] = LinkKind.Existing,
    };

    /// <summary>Every interface the compiler may put a VIP on: the director's link, and a real server's loopback or tunnel.</summary>
    public IReadOnlySet<string> AddressInterfaces => new HashSet<string>(StringComparer.Ordinal)
    {
        DirectorInterface, LoopbackInterface, TunnelInterface, Tunnel6Interface,
    };
}
