using System.Net;
using System.Net.Sockets;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Planning;
using LvsOperator.Core.Resources;
using LvsOperator.Netlink.Nftables;
using LvsOperator.Node.Nat;

namespace LvsOperator.Node.Tests;

public sealed class SourceNatRulesTests
{
    public static TheoryData<ServiceKey> Keys() =>
    [
        new VirtualAddressKey(Protocol.Tcp, IPAddress.Parse("192.0.2.10"), 80),
        new VirtualAddressKey(Protocol.Udp, IPAddress.Parse("2001:db8::1"), 53),
        new VirtualAddressKey(Protocol.Sctp, IPAddress.Parse("192.0.2.11"), 0),
        new FirewallMarkKey(7, AddressFamily.InterNetwork),
        new FirewallMarkKey(4294967295, AddressFamily.InterNetworkV6),
    ];

    [Theory]
    [MemberData(nameof(Keys))]
    public void A_rules_comment_names_its_service_and_reads_back(ServiceKey key) =>
        Assert.Equal(key, SourceNatRules.Parse(SourceNatRules.Rule(key).Comment));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("tcp 192.0.2.10:80")]     // not the agent's spelling
    [InlineData("TCP 192.0.2.10")]        // no port
    [InlineData("TCP 192.0.2.10:80 x")]
    [InlineData("FWM 07")]
    [InlineData("FWM 7 IPv4")]
    [InlineData("masquerade pods")]       // someone's own rule
    public void Any_other_comment_names_no_service(string? comment) => Assert.Null(SourceNatRules.Parse(comment));

    [Fact]
    public void A_vip_rule_matches_protocol_address_and_port_a_mark_rule_the_mark_and_family()
    {
        var vip = SourceNatRules.Rule(new VirtualAddressKey(Protocol.Sctp, IPAddress.Parse("2001:db8::1"), 443));
        Assert.Equal((AddressFamily.InterNetworkV6, (byte)132, IPAddress.Parse("2001:db8::1"), (ushort)443, (uint?)null),
            (vip.Family, vip.Protocol, vip.VirtualAddress, vip.Port, vip.Mark));

        var mark = SourceNatRules.Rule(new FirewallMarkKey(7, AddressFamily.InterNetworkV6));
        Assert.Equal((AddressFamily.InterNetworkV6, (byte)0, (IPAddress?)null, (uint?)7), (mark.Family, mark.Protocol, mark.VirtualAddress, mark.Mark));
    }

    [Fact]
    public void Only_source_nat_operations_become_nftables_changes()
    {
        var key = new FirewallMarkKey(7, AddressFamily.InterNetwork);
        Assert.Equal(new EnsureNatChain(), SourceNatRules.TryMap(new EnsureSourceNatChain()));
        Assert.Equal(new AddMasqueradeRule(SourceNatRules.Rule(key)), SourceNatRules.TryMap(new AddSourceNat(key)));
        Assert.Equal(new DeleteRule(12), SourceNatRules.TryMap(new DeleteSourceNat(12, key)));
        Assert.Equal(new DeleteTable(), SourceNatRules.TryMap(new DeleteSourceNatTable()));
        Assert.Null(SourceNatRules.TryMap(new SetSysctl("net.ipv4.vs.conntrack", "1", "0")));
    }
}
