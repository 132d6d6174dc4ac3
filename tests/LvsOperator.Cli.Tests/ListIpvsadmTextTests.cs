using System.Net;
using System.Net.Sockets;
using LvsOperator.Cli.List;
using LvsOperator.Netlink.Ipvs;

namespace LvsOperator.Cli.Tests;

public sealed class ListIpvsadmTextTests
{
    /// <summary>ipvsadm.c print_largenum: exact below 100 million, then truncated K, M, G, T in nine columns.</summary>
    [Theory]
    [InlineData(0UL, "        0")]
    [InlineData(99_999_999UL, " 99999999")]
    [InlineData(100_000_000UL, "  100000K")]
    [InlineData(999_999_999UL, "  999999K")]
    [InlineData(1_000_000_000UL, "    1000M")]
    [InlineData(4_294_967_295UL, "    4294M")]
    [InlineData(99_999_999_999UL, "   99999M")]
    [InlineData(100_000_000_000UL, "     100G")]
    [InlineData(99_999_999_999_999UL, "   99999G")]
    [InlineData(100_000_000_000_000UL, "     100T")]
    [InlineData(ulong.MaxValue, "18446744T")]
    public void Large_numbers_are_printed_as_print_largenum(ulong value, string expected)
    {
        Assert.Equal(expected, IpvsadmText.LargeNumber(value));
        Assert.Equal(9, expected.Length);
    }

    [Theory]
    [InlineData(IpvsProtocol.Tcp, "192.0.2.1", 80, "TCP  192.0.2.1:80")]
    [InlineData(IpvsProtocol.Udp, "192.0.2.1", 53, "UDP  192.0.2.1:53")]
    [InlineData(IpvsProtocol.Sctp, "192.0.2.1", 3868, "SCTP 192.0.2.1:3868")]
    [InlineData(IpvsProtocol.Tcp, "2001:db8::1", 443, "TCP  [2001:db8::1]:443")]
    [InlineData(IpvsProtocol.Tcp, "2001:db8:0:0:1:0:0:1", 443, "TCP  [2001:db8::1:0:0:1]:443")]
    [InlineData(IpvsProtocol.Tcp, "::ffff:192.0.2.1", 80, "TCP  [::ffff:192.0.2.1]:80")]
    [InlineData(IpvsProtocol.Tcp, "192.0.2.7", 0, "TCP  192.0.2.7:0")]
    public void Address_services_are_named_as_ipvsadm_names_them(IpvsProtocol protocol, string address, ushort port, string expected) =>
        Assert.Equal(expected, IpvsadmText.ServiceName(IpvsServiceKey.ForAddress(protocol, IPAddress.Parse(address), port)));

    [Fact]
    public void Firewall_mark_services_say_their_family_only_when_it_is_ipv6()
    {
        Assert.Equal("FWM  7", IpvsadmText.ServiceName(IpvsServiceKey.ForFirewallMark(AddressFamily.InterNetwork, 7)));
        Assert.Equal("FWM  4294967295 IPv6", IpvsadmText.ServiceName(IpvsServiceKey.ForFirewallMark(AddressFamily.InterNetworkV6, uint.MaxValue)));
    }

    [Theory]
    [InlineData("sh", IpvsServiceFlags.Scheduler1 | IpvsServiceFlags.Scheduler2 | IpvsServiceFlags.Scheduler3, "sh-fallback,sh-port,flag-3")]
    [InlineData("mh", IpvsServiceFlags.Scheduler2, "mh-port")]
    [InlineData("rr", IpvsServiceFlags.Scheduler1 | IpvsServiceFlags.Scheduler2, "flag-1,flag-2")]
    [InlineData("sh", IpvsServiceFlags.Persistent | IpvsServiceFlags.Hashed | IpvsServiceFlags.OnePacket, "")]
    public void Scheduler_flags_use_the_schedulers_own_names(string scheduler, IpvsServiceFlags flags, string expected) =>
        Assert.Equal(expected, IpvsadmText.SchedulerFlags(scheduler, flags));

    [Fact]
    public void Persistence_shows_a_mask_only_when_it_is_not_a_host_mask()
    {
        var v4 = new IpvsService(IpvsServiceKey.ForAddress(IpvsProtocol.Tcp, IPAddress.Parse("192.0.2.1"), 80))
        {
            Flags = IpvsServiceFlags.Persistent, PersistenceTimeout = 60,
        };
        var v6 = new IpvsService(IpvsServiceKey.ForAddress(IpvsProtocol.Udp, IPAddress.Parse("2001:db8::1"), 5060))
        {
            Flags = IpvsServiceFlags.Persistent | IpvsServiceFlags.OnePacket, PersistenceTimeout = 60, PersistenceEngine = "sip",
        };
        Assert.Equal(" persistent 60", IpvsadmText.ServiceFlags(v4));
        Assert.Equal(" persistent 60 mask 0.0.0.0", IpvsadmText.ServiceFlags(v4 with { Netmask = 0 }));
        Assert.Equal(" persistent 60 mask 255.255.128.0", IpvsadmText.ServiceFlags(v4 with { Netmask = 0xFFFF8000 }));
        Assert.Equal(" persistent 60 pe sip ops", IpvsadmText.ServiceFlags(v6));
        Assert.Equal(" persistent 60 mask 48 pe sip ops", IpvsadmText.ServiceFlags(v6 with { Netmask = 48 }));
        // Without the persistent flag ipvsadm shows neither timeout nor mask nor engine.
        Assert.Equal(" ops", IpvsadmText.ServiceFlags(v6 with { Flags = IpvsServiceFlags.OnePacket }));
    }

    [Theory]
    [InlineData(IpvsForwardingMethod.Masquerade, "Masq")]
    [InlineData(IpvsForwardingMethod.LocalNode, "Local")]
    [InlineData(IpvsForwardingMethod.Tunnel, "Tunnel")]
    [InlineData(IpvsForwardingMethod.DirectRoute, "Route")]
    public void Forwarding_methods_have_ipvsadms_names(IpvsForwardingMethod method, string expected) =>
        Assert.Equal(expected, IpvsadmText.ForwardingName(method));

    [Theory]
    [InlineData(0U, "00:00")]
    [InlineData(59U, "00:59")]
    [InlineData(60U, "01:00")]
    [InlineData(899U, "14:59")]
    [InlineData(6000U, "100:00")]
    public void Expiry_is_minutes_and_seconds(uint seconds, string expected) => Assert.Equal(expected, IpvsadmText.Expires(seconds));
}
