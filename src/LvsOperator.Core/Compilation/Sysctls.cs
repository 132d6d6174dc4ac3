namespace LvsOperator.Core.Compilation;

/// <summary>The sysctls each role needs, with the reason each is set.</summary>
internal static class Sysctls
{
    /// <summary>NAT directors route real servers' replies back to clients.</summary>
    public const string IPv4Forward = "net.ipv4.ip_forward";
    public const string IPv6Forward = "net.ipv6.conf.all.forwarding";

    /// <summary>
    /// A persistence template pins a client to its real server even once that server is drained (weight 0),
    /// so new connections would keep going to a server on its way out; with this set the kernel drops the
    /// template when it meets a quiescent server and schedules afresh (kube-proxy sets it too).
    /// </summary>
    public const string ExpireQuiescentTemplate = "net.ipv4.vs.expire_quiescent_template";

    /// <summary>
    /// IPVS keeps its connections in netfilter conntrack, which nf_nat needs to masquerade them and to undo
    /// it on the replies (ip_vs.rst: conntrack; kube-proxy's IPVS mode sets it for the same reason).
    /// </summary>
    public const string IpvsConntrack = "net.ipv4.vs.conntrack";

    /// <summary>
    /// Active/active directors (issue 17): a director creates a connection entry from any packet of a TCP or SCTP
    /// connection, not only its first, so it takes over the flows the router moves to it after another director left
    /// (ip_vs.rst: sloppy_tcp, sloppy_sctp; Katran and GLB rely on the same consistent hashing).
    /// </summary>
    public const string SloppyTcp = "net.ipv4.vs.sloppy_tcp";
    public const string SloppySctp = "net.ipv4.vs.sloppy_sctp";

    /// <summary>Packets of a connection whose real server was deleted are dropped at once instead of for the entry's lifetime (up to 900 s).</summary>
    public const string ExpireNoDestinationConnection = "net.ipv4.vs.expire_nodest_conn";

    /// <summary>
    /// DR and TUN real servers hold the VIP but must not answer ARP for it, or clients would bypass the
    /// director (the seed's rs-DR.sh): reply only for addresses on the asking interface (arp_ignore=1),
    /// and never announce the VIP as an ARP source (arp_announce=2). The kernel uses the larger of
    /// <c>all</c> and the interface's value, so both are set as the seed does.
    /// </summary>
    public static IEnumerable<(string Name, string Value)> ArpSuppression(string vipInterface) =>
    [
        ("net.ipv4.conf.all.arp_ignore", "1"),
        ("net.ipv4.conf.all.arp_announce", "2"),
        ($"net.ipv4.conf.{vipInterface}.arp_ignore", "1"),
        ($"net.ipv4.conf.{vipInterface}.arp_announce", "2"),
    ];

    /// <summary>
    /// Every sysctl, with its value, that <see cref="Compiler"/> may ask a node for: the directors' global ones at 1,
    /// and the ARP and reverse-path ones of the interfaces IPv4 real servers hold VIPs on (IPv6 ones set none).
    /// </summary>
    public static IEnumerable<(string Name, string Value)> All(CompilerOptions options) =>
        new[] { IPv4Forward, IPv6Forward, IpvsConntrack, ExpireNoDestinationConnection, ExpireQuiescentTemplate, SloppyTcp, SloppySctp }.Select(n => (n, "1"))
            .Concat(ArpSuppression(options.LoopbackInterface))
            .Concat(ArpSuppression(options.TunnelInterface))
            .Concat(LooseReversePath(options.TunnelInterface))
            .Distinct();

    /// <summary>
    /// A decapsulated TUN packet arrives on tunl0 with a source not routed via tunl0; strict reverse-path
    /// filtering would drop it. The kernel uses the larger of <c>all</c> and the interface's value.
    /// </summary>
    public static IEnumerable<(string Name, string Value)> LooseReversePath(string tunnelInterface) =>
    [
        ("net.ipv4.conf.all.rp_filter", "0"),
        ($"net.ipv4.conf.{tunnelInterface}.rp_filter", "0"),
    ];
}
