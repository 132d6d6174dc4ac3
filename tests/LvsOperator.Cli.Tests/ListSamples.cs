using System.Net;
using System.Net.Sockets;
using LvsOperator.Cli.List;
using LvsOperator.Netlink.Ipvs;

namespace LvsOperator.Cli.Tests;

/// <summary>
/// The table the kernel lab built with ipvsadm 1.31 to see what it prints (every method, flag and
/// family), as the netlink adapter reads it back, in the kernel's hash order.
/// </summary>
internal static class ListSamples
{
    public static readonly IpvsInfo Info = new(0x010201, 4096);

    public static IpvsTableSnapshot Table(Func<IpvsServiceKey, bool>? owned = null) => new(Info,
    [
        Listed(owned, Service(IpvsProtocol.Tcp, "192.0.2.7", 0, "rr") with { Flags = Persistent, PersistenceTimeout = 30 }),
        Listed(owned, Service(IpvsProtocol.Udp, "192.0.2.1", 53, "sh") with { Flags = Hashed | IpvsServiceFlags.OnePacket | IpvsServiceFlags.SourceHashFallback | IpvsServiceFlags.SourceHashPort },
            Destination("198.18.0.2", 53, IpvsForwardingMethod.DirectRoute)),
        Listed(owned, Service(IpvsProtocol.Udp, "192.0.2.2", 53, "mh") with { Flags = Hashed | IpvsServiceFlags.MaglevFallback | IpvsServiceFlags.MaglevPort }),
        Listed(owned, Service(IpvsProtocol.Tcp, "192.0.2.6", 80, "rr"),
            Destination("198.18.0.7", 80, IpvsForwardingMethod.Tunnel) with { TunnelType = IpvsTunnelType.Gue, TunnelPort = 6080 },
            Destination("2001:db8:ffff:ffff:ffff:ffff:ffff:1", 80, IpvsForwardingMethod.Tunnel)),
        Listed(owned, Service(IpvsProtocol.Tcp, "127.0.0.5", 80, "lc")),
        Listed(owned, Service(IpvsProtocol.Tcp, "192.0.2.3", 80, "rr") with { Flags = Hashed | IpvsServiceFlags.Scheduler1 | IpvsServiceFlags.Scheduler3 }),
        Listed(owned, Service(IpvsProtocol.Tcp, "192.0.2.1", 80, "wrr") with { Flags = Persistent, PersistenceTimeout = 60, Netmask = 0xFFFFFF00 },
            Destination("198.18.0.3", 80, IpvsForwardingMethod.DirectRoute) with { Weight = 3, UpperThreshold = 100, LowerThreshold = 50 },
            Destination("198.18.0.2", 80, IpvsForwardingMethod.Tunnel) with { Weight = 0 }),
        Listed(owned, Service(IpvsProtocol.Sctp, "192.0.2.1", 3868, "rr")),
        Listed(owned, Service(IpvsProtocol.Tcp, "10.0.0.1", 443, "rr"),
            Destination("10.1.0.1", 8443, IpvsForwardingMethod.Masquerade),
            Destination("192.168.0.2", 8443, IpvsForwardingMethod.Masquerade),
            Destination("10.1.0.2", 8443, IpvsForwardingMethod.Masquerade) with { Weight = 65535 }),
        Listed(owned, Service(IpvsProtocol.Tcp, "::ffff:192.0.2.1", 80, "rr")),
        Listed(owned, Service(IpvsProtocol.Udp, "192.0.2.5", 5060, "rr") with { Flags = Persistent, PersistenceTimeout = 60, PersistenceEngine = "sip" }),
        Listed(owned, Service(IpvsProtocol.Tcp, "2001:db8::1", 80, "wlc") with { Flags = Persistent, PersistenceTimeout = 300, Netmask = 64 },
            Destination("2001:db8:0:ffff::1234", 80, IpvsForwardingMethod.DirectRoute) with { Weight = 2 },
            Destination("2001:db8::2", 80, IpvsForwardingMethod.Masquerade)),
        Listed(owned, new IpvsService(IpvsServiceKey.ForFirewallMark(AddressFamily.InterNetwork, 3)) { Scheduler = "rr", Flags = Hashed }),
        Listed(owned, new IpvsService(IpvsServiceKey.ForFirewallMark(AddressFamily.InterNetworkV6, 8)) { Scheduler = "rr", Flags = Hashed },
            Destination("fd00::9", 0, IpvsForwardingMethod.DirectRoute)),
        Listed(owned, new IpvsService(IpvsServiceKey.ForFirewallMark(AddressFamily.InterNetwork, 7)) { Scheduler = "rr", Flags = Persistent, PersistenceTimeout = 360 },
            Destination("198.18.0.9", 0, IpvsForwardingMethod.DirectRoute)),
    ]);

    /// <summary>What ipvsadm -L -n printed for it, with the 10.0.0.1:443 real servers in numeric order (ipvsadm put 192.168.0.2 first).</summary>
    public static readonly string[] IpvsadmLines =
    [
        "IP Virtual Server version 1.2.1 (size=4096)",
        "Prot LocalAddress:Port Scheduler Flags",
        "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn",
        "TCP  10.0.0.1:443 rr",
        "  -> 10.1.0.1:8443                Masq    1      0          0         ",
        "  -> 10.1.0.2:8443                Masq    65535  0          0         ",
        "  -> 192.168.0.2:8443             Masq    1      0          0         ",
        "TCP  127.0.0.5:80 lc",
        "TCP  192.0.2.1:80 wrr persistent 60 mask 255.255.255.0",
        "  -> 198.18.0.2:80                Tunnel  0      0          0         ",
        "  -> 198.18.0.3:80                Route   3      0          0         ",
        "TCP  192.0.2.3:80 rr (flag-1,flag-3)",
        "TCP  192.0.2.6:80 rr",
        "  -> 198.18.0.7:80                Tunnel  1      0          0         ",
        "  -> [2001:db8:ffff:ffff:ffff:ffff:ffff:1]:80 Tunnel  1      0          0         ",
        "TCP  192.0.2.7:0 rr persistent 30",
        "UDP  192.0.2.1:53 sh (sh-fallback,sh-port) ops",
        "  -> 198.18.0.2:53                Route   1      0          0         ",
        "UDP  192.0.2.2:53 mh (mh-fallback,mh-port)",
        "UDP  192.0.2.5:5060 rr persistent 60 pe sip",
        "SCTP 192.0.2.1:3868 rr",
        "TCP  [::ffff:192.0.2.1]:80 rr",
        "TCP  [2001:db8::1]:80 wlc persistent 300 mask 64",
        "  -> [2001:db8::2]:80             Masq    1      0          0         ",
        "  -> [2001:db8:0:ffff::1234]:80   Route   2      0          0         ",
        "FWM  3 rr",
        "FWM  7 rr persistent 360",
        "  -> 198.18.0.9:0                 Route   1      0          0         ",
        "FWM  8 IPv6 rr",
        "  -> [fd00::9]:0                  Route   1      0          0         ",
    ];

    private const IpvsServiceFlags Hashed = IpvsServiceFlags.Hashed;
    private const IpvsServiceFlags Persistent = IpvsServiceFlags.Persistent | IpvsServiceFlags.Hashed;

    public static IpvsService Service(IpvsProtocol protocol, string address, ushort port, string scheduler) =>
        new(IpvsServiceKey.ForAddress(protocol, IPAddress.Parse(address), port)) { Scheduler = scheduler, Flags = Hashed };

    public static IpvsDestination Destination(string address, ushort port, IpvsForwardingMethod method) =>
        new(IPAddress.Parse(address), port) { ForwardingMethod = method, Stats = IpvsStats.Zero };

    public static string Text(IEnumerable<string> lines) => string.Concat(lines.Select(l => l + "\n"));

    private static ListedService Listed(Func<IpvsServiceKey, bool>? owned, IpvsService service, params IpvsDestination[] destinations) =>
        new(service, destinations, owned?.Invoke(service.Key) ?? false);
}
