using LvsOperator.Core.Publishing;
using LvsOperator.Core.Resources;

namespace LvsOperator.Core.Tests.Control;

/// <summary>Issue 13: a NodeSlice written by someone other than the controller is refused whole, with the reason as its status.</summary>
public sealed class SliceGuardTests
{
    private static readonly NodeSliceSpec Director = new()
    {
        Services = [new SliceService { Protocol = Protocol.Tcp, Address = "192.0.2.10", Port = 80, Scheduler = "wlc" }],
        Addresses = [new SliceAddress { Interface = "lvs0", Address = "192.0.2.10" }],
        Links = [new SliceLink { Name = "lvs0", Kind = "Dummy" }],
        Sysctls = [new SliceSysctl { Name = "net.ipv4.vs.conntrack", Value = "1" }, new SliceSysctl { Name = "net.ipv4.conf.lo.arp_ignore", Value = "1" }],
    };

    public static TheoryData<string, NodeSliceSpec, string> Hostile => new()
    {
        { "loopback VIP", Director with { Addresses = [new SliceAddress { Interface = "lvs0", Address = "127.0.0.1" }] }, "a VIP must be a global unicast address" },
        { "multicast service", Director with { Services = [Director.Services[0] with { Address = "ff02::1" }] }, "service address ff02::1" },
        { "interface name past IFNAMSIZ", Director with { Addresses = [new SliceAddress { Interface = "lvs0/../../eth0", Address = "192.0.2.10" }] }, "is no interface name" },
        { "existing NIC", Director with { Links = [new SliceLink { Name = "eth0", Kind = "Existing" }] }, "is not a name the agent may create or bring up" },
        { "dummy link named as a NIC", Director with { Links = [new SliceLink { Name = "eth0", Kind = "Dummy" }] }, "link \"eth0\" is not a name the agent may create" },
        { "dummy link the compiler never names", Director with { Links = [new SliceLink { Name = "lvs1", Kind = "Dummy" }] }, "the project's links: lvs0 Dummy" },
        { "kernel tunnel as a dummy", Director with { Links = [new SliceLink { Name = "tunl0", Kind = "Dummy" }] }, "link \"tunl0\" is Existing, not Dummy" },
        { "director link as existing", Director with { Links = [new SliceLink { Name = "lvs0", Kind = "Existing" }] }, "link \"lvs0\" is Dummy, not Existing" },
        { "VIP on a NIC", Director with { Addresses = [new SliceAddress { Interface = "eth0", Address = "192.0.2.10" }] }, "\"eth0\" is not an interface the project puts VIPs on" },
        { "sysctl of an interface with a slash", Director with { Sysctls = [Sysctl("net.ipv4.conf.lo/eth0.arp_ignore", "1")] }, "\"lo/eth0\" is no interface name" },
        { "sysctl of an interface past IFNAMSIZ", Director with { Sysctls = [Sysctl($"net.ipv4.conf.{new string('x', 16)}.arp_ignore", "1")] }, "is no interface name" },
        { "sysctl of an empty interface", Director with { Sysctls = [Sysctl("net.ipv4.conf..arp_ignore", "1")] }, "\"\" is no interface name" },
        { "sysctl of interface ..", Director with { Sysctls = [Sysctl("net.ipv4.conf.....arp_ignore", "1")] }, "is not one the project sets" },
        { "ARP sysctl of an interface the project never targets", Director with { Sysctls = [Sysctl("net.ipv4.conf.eth0.arp_ignore", "1")] }, "is not one the project sets" },
        { "a key the project never sets for lo", Director with { Sysctls = [Sysctl("net.ipv4.conf.lo.rp_filter", "0")] }, "is not one the project sets" },
        { "a key the project never sets for all", Director with { Sysctls = [Sysctl("net.ipv4.conf.all.accept_local", "1")] }, "is not one the project sets" },
        { "link name past IFNAMSIZ", Director with { Links = [new SliceLink { Name = new string('x', 16), Kind = "Dummy" }] }, "is not a name the agent may create" },
        { "link named lo", Director with { Links = [new SliceLink { Name = "lo", Kind = "Dummy" }] }, "is not a name the agent may create" },
        { "foreign sysctl", Director with { Sysctls = [new SliceSysctl { Name = "kernel.panic", Value = "1" }] }, "sysctl kernel.panic=1 is not one the project sets" },
        { "our sysctl, other value", Director with { Sysctls = [new SliceSysctl { Name = "net.ipv4.ip_forward", Value = "0" }] }, "is not one the project sets" },
        { "a per-interface sysctl the project never sets", Director with { Sysctls = [new SliceSysctl { Name = "net.ipv4.conf.eth0.forwarding", Value = "1" }] }, "is not one the project sets" },
        { "absurd size", Director with { Addresses = Enumerable.Range(1, 65).Select(i => new SliceAddress { Interface = "lvs0", Address = $"198.18.0.{i}" }).ToList() }, "65 addresses: at most 64" },
    };

    [Fact]
    public void What_the_compiler_produces_passes()
    {
        Assert.True(NodeSliceCodec.TryDecode(Slice(Director), out var share, out var problem), problem);
        Assert.Single(share.Addresses);
    }

    /// <summary>Every per-interface sysctl the compiler sets for real servers, and the links it asks for.</summary>
    [Theory]
    [InlineData("net.ipv4.conf.lo.arp_ignore", "1")]
    [InlineData("net.ipv4.conf.lo.arp_announce", "2")]
    [InlineData("net.ipv4.conf.all.arp_ignore", "1")]
    [InlineData("net.ipv4.conf.all.rp_filter", "0")]
    [InlineData("net.ipv4.conf.tunl0.arp_announce", "2")]
    [InlineData("net.ipv4.conf.tunl0.rp_filter", "0")]
    public void The_real_servers_interface_sysctls_pass(string name, string value)
    {
        var spec = Director with
        {
            Links = [new SliceLink { Name = "lvs0", Kind = "Dummy" }, new SliceLink { Name = "tunl0", Kind = "Existing" }, new SliceLink { Name = "ip6tnl0", Kind = "Existing" }],
            Addresses = [.. Director.Addresses, new SliceAddress { Interface = "lo", Address = "192.0.2.11" }, new SliceAddress { Interface = "ip6tnl0", Address = "2001:db8::11" }],
            Sysctls = [Sysctl(name, value)],
        };
        Assert.True(NodeSliceCodec.TryDecode(Slice(spec), out _, out var problem), problem);
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public void A_hostile_slice_is_refused_whole_with_its_reason(string name, NodeSliceSpec spec, string reason)
    {
        var problems = new List<string>();
        var state = NodeSliceCodec.Decode([Slice(Director, "good"), Slice(spec, "hostile")], problems);

        Assert.Contains(reason, Assert.Single(problems));
        Assert.Contains("NodeSlice default/hostile", problems[0]);
        Assert.Single(state.Addresses); // the good slice's VIP only
        Assert.False(string.IsNullOrEmpty(name));
    }

    private static SliceSysctl Sysctl(string name, string value) => new() { Name = name, Value = value };

    private static NodeSlice Slice(NodeSliceSpec spec, string name = "s") =>
        new() { Metadata = new ObjectMeta { Name = name, Namespace = "default" }, Spec = spec };
}
