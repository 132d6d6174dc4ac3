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
}
