using System.Net;
using System.Net.Sockets;
using LvsOperator.Cli.List;
using LvsOperator.Netlink.Ipvs;
using static LvsOperator.Cli.Tests.ListSamples;

namespace LvsOperator.Cli.Tests;

public sealed class ListTableFormatterTests
{
    [Fact]
    public void Prints_every_kind_of_service_as_ipvsadm_printed_it_in_the_lab() =>
        Assert.Equal(Text(IpvsadmLines), IpvsTableFormatter.Format(Table(), ListView.Default));

    [Fact]
    public void An_empty_table_is_the_version_and_the_titles()
    {
        var text = IpvsTableFormatter.Format(new IpvsTableSnapshot(new IpvsInfo(0x010201, 1048576), []), ListView.Default);
        Assert.Equal(Text(
        [
            "IP Virtual Server version 1.2.1 (size=1048576)",
            "Prot LocalAddress:Port Scheduler Flags",
            "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn",
        ]), text);
    }

    [Fact]
    public void Owned_services_and_their_real_servers_end_in_the_mark_after_ipvsadm_columns()
    {
        var owned = new HashSet<IpvsServiceKey>
        {
            IpvsServiceKey.ForAddress(IpvsProtocol.Tcp, IPAddress.Parse("192.0.2.1"), 80),
            IpvsServiceKey.ForFirewallMark(AddressFamily.InterNetworkV6, 8),
        };
        var lines = IpvsTableFormatter.Format(Table(owned.Contains), ListView.Default).Split('\n');

        Assert.Equal(
        [
            "TCP  192.0.2.1:80 wrr persistent 60 mask 255.255.255.0 [lvs]",
            "  -> 198.18.0.2:80                Tunnel  0      0          0          [lvs]",
            "  -> 198.18.0.3:80                Route   3      0          0          [lvs]",
            "FWM  8 IPv6 rr [lvs]",
            "  -> [fd00::9]:0                  Route   1      0          0          [lvs]",
        ], lines.Where(l => l.Contains("[lvs]", StringComparison.Ordinal)));
        Assert.Equal(Text(IpvsadmLines), string.Join('\n', lines.Select(l => l.Replace(IpvsTableFormatter.OwnedMark, "", StringComparison.Ordinal))));
    }

    [Fact]
    public void Thresholds_show_both_limits_and_the_connection_counts()
    {
        var lines = IpvsTableFormatter.Format(Table(), ListView.Thresholds).Split('\n');
        Assert.Equal("Prot LocalAddress:Port            Uthreshold Lthreshold ActiveConn InActConn ", lines[1]);
        Assert.Equal("  -> RemoteAddress:Port", lines[2]);
        Assert.Contains("TCP  192.0.2.1:80 wrr persistent 60 mask 255.255.255.0", lines);
        Assert.Contains("  -> 198.18.0.3:80                100        50         0          0         ", lines);
        Assert.Contains("  -> [2001:db8:ffff:ffff:ffff:ffff:ffff:1]:80 0          0          0          0         ", lines);
    }

    [Fact]
    public void Persistent_conn_shows_weight_and_persistence_templates()
    {
        var snapshot = Single(Destination("192.0.2.100", 9009, IpvsForwardingMethod.Masquerade) with
        {
            Weight = 1, PersistentConnections = 1, InactiveConnections = 1,
        });
        Assert.Equal(Text(
        [
            "IP Virtual Server version 1.2.1 (size=4096)",
            "Prot LocalAddress:Port            Weight    PersistConn ActiveConn InActConn ",
            "  -> RemoteAddress:Port",
            "UDP  192.0.2.100:9 rr persistent 120",
            "  -> 192.0.2.100:9009             1         1           0          1         ",
        ]), IpvsTableFormatter.Format(snapshot, ListView.PersistentConnections));
    }

    [Fact]
    public void Stats_prints_counters_as_print_largenum_including_64_bit_ones()
    {
        var snapshot = Single(Destination("192.0.2.100", 9009, IpvsForwardingMethod.Masquerade) with
        {
            Stats = new IpvsStats { Connections = 1, InPackets = 5, OutPackets = 5, InBytes = 640, OutBytes = 780 },
        }, new IpvsStats { Connections = 99_999_999, InPackets = 100_000_000, OutPackets = 4_294_967_296, InBytes = 123_456_789_012_345, OutBytes = ulong.MaxValue });
        Assert.Equal(Text(
        [
            "IP Virtual Server version 1.2.1 (size=4096)",
            "Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes",
            "  -> RemoteAddress:Port",
            "UDP  192.0.2.100:9                99999999  100000K    4294M     123T18446744T",
            "  -> 192.0.2.100:9009                    1        5        5      640      780",
        ]), IpvsTableFormatter.Format(snapshot, ListView.Stats));
    }

    [Fact]
    public void Rate_prints_a_real_servers_packet_rates_in_full_as_ipvsadm_does()
    {
        var rates = new IpvsStats
        {
            ConnectionsPerSecond = 12, InPacketsPerSecond = 250_000_000, OutPacketsPerSecond = 37,
            InBytesPerSecond = 1_500_000_000, OutBytesPerSecond = 27,
        };
        var snapshot = Single(Destination("192.0.2.100", 9009, IpvsForwardingMethod.Masquerade) with { Stats = rates }, rates);
        Assert.Equal(Text(
        [
            "IP Virtual Server version 1.2.1 (size=4096)",
            "Prot LocalAddress:Port                 CPS    InPPS   OutPPS    InBPS   OutBPS",
            "  -> RemoteAddress:Port",
            "UDP  192.0.2.100:9                      12  250000K       37    1500M       27",
            "  -> 192.0.2.100:9009                   12 250000000       37    1500M       27",
        ]), IpvsTableFormatter.Format(snapshot, ListView.Rate));
    }

    [Fact]
    public void Stats_and_rates_of_a_service_or_real_server_the_kernel_did_not_report_are_zero()
    {
        var snapshot = Single(new IpvsDestination(IPAddress.Parse("2001:db8::2"), 80) { Stats = null }, stats: null);
        var lines = IpvsTableFormatter.Format(snapshot, ListView.Stats).Split('\n');
        Assert.Equal("  -> [2001:db8::2]:80                    0        0        0        0        0", lines[4]);
    }

    [Fact]
    public void Sorts_address_services_before_marks_then_family_protocol_address_port()
    {
        IpvsService[] services =
        [
            new(IpvsServiceKey.ForFirewallMark(AddressFamily.InterNetworkV6, 1)),
            new(IpvsServiceKey.ForFirewallMark(AddressFamily.InterNetwork, 2)),
            new(IpvsServiceKey.ForFirewallMark(AddressFamily.InterNetwork, 1)),
            Service(IpvsProtocol.Sctp, "10.0.0.1", 80, "rr"),
            Service(IpvsProtocol.Tcp, "2001:db8::1", 80, "rr"),
            Service(IpvsProtocol.Udp, "10.0.0.1", 80, "rr"),
            Service(IpvsProtocol.Tcp, "255.255.255.255", 1, "rr"),
            Service(IpvsProtocol.Tcp, "10.0.0.1", 8080, "rr"),
            Service(IpvsProtocol.Tcp, "10.0.0.1", 443, "rr"),
            Service(IpvsProtocol.Tcp, "9.255.255.255", 65535, "rr"),
        ];
        var text = IpvsTableFormatter.Format(new IpvsTableSnapshot(Info, [.. services.Select(s => new ListedService(s, [], false))]), ListView.Stats);
        Assert.Equal(
        [
            "TCP  9.255.255.255:65535", "TCP  10.0.0.1:443", "TCP  10.0.0.1:8080", "TCP  255.255.255.255:1",
            "UDP  10.0.0.1:80", "SCTP 10.0.0.1:80", "TCP  [2001:db8::1]:80", "FWM  1", "FWM  1 IPv6", "FWM  2",
        ], text.Split('\n').Skip(3).Where(l => l.Length > 0).Select(l => l[..33].TrimEnd()));
    }

    [Fact]
    public void Sorts_real_servers_by_address_as_a_number_then_port_ipv4_before_ipv6()
    {
        IpvsDestination[] destinations =
        [
            Destination("2001:db8::1", 80, IpvsForwardingMethod.Tunnel),
            Destination("192.168.0.2", 80, IpvsForwardingMethod.Tunnel),
            Destination("10.1.0.1", 8080, IpvsForwardingMethod.Tunnel),
            Destination("10.1.0.1", 443, IpvsForwardingMethod.Tunnel),
            Destination("10.1.0.10", 1, IpvsForwardingMethod.Tunnel),
            Destination("10.1.0.9", 1, IpvsForwardingMethod.Tunnel),
            Destination("::1", 1, IpvsForwardingMethod.Tunnel),
        ];
        var service = Service(IpvsProtocol.Tcp, "10.0.0.1", 80, "rr");
        var text = IpvsTableFormatter.Format(new IpvsTableSnapshot(Info, [new ListedService(service, destinations, false)]), ListView.Default);
        Assert.Equal(
            ["10.1.0.1:443", "10.1.0.1:8080", "10.1.0.9:1", "10.1.0.10:1", "192.168.0.2:80", "[::1]:1", "[2001:db8::1]:80"],
            text.Split('\n').Where(l => l.StartsWith("  -> ", StringComparison.Ordinal)).Skip(1).Select(l => l[5..].Split(' ')[0]));
    }

    private static IpvsTableSnapshot Single(IpvsDestination destination, IpvsStats? stats = null) => new(Info,
    [
        new ListedService(
            new IpvsService(IpvsServiceKey.ForAddress(IpvsProtocol.Udp, IPAddress.Parse("192.0.2.100"), 9))
            {
                Scheduler = "rr", Flags = IpvsServiceFlags.Persistent | IpvsServiceFlags.Hashed, PersistenceTimeout = 120, Stats = stats,
            },
            [destination],
            Owned: false),
    ]);
}
