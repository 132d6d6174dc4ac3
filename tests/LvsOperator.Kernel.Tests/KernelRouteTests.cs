using System.Net;
using LvsOperator.Netlink;
using LvsOperator.Netlink.Route;

namespace LvsOperator.Kernel.Tests;

/// <summary>rtnetlink features the host kernel lacks (dummy, ipip), checked by ip.</summary>
public sealed class KernelRouteTests : KernelFixture
{
    private string Ip(params string[] arguments) => Witness("ip", arguments);

    [Fact]
    public Task A_dummy_link_holds_vips() => InNamespaceAsync(async () =>
    {
        using RouteNetlinkClient route = RouteNetlinkClient.Open();
        await route.CreateDummyLinkAsync("lvs0");
        NetworkLink link = await route.GetLinkAsync("lvs0");
        Assert.Equal(("dummy", false), (link.Kind, link.IsUp));
        Assert.Contains("dummy", Ip("-d", "-o", "link", "show", "lvs0"), StringComparison.Ordinal);
        Assert.True((await Assert.ThrowsAsync<NetlinkException>(() => route.CreateDummyLinkAsync("lvs0"))).IsAlreadyExists);

        await route.SetLinkUpAsync(link.Index, up: true);
        Assert.Contains("UP", Ip("-o", "link", "show", "lvs0").Split('<', '>')[1], StringComparison.Ordinal);
        await route.AddVirtualAddressAsync(link.Index, IPAddress.Parse("192.0.2.11"));
        await route.AddVirtualAddressAsync(link.Index, IPAddress.Parse("2001:db8::11"));
        string addresses = Ip("-o", "addr", "show", "dev", "lvs0");
        Assert.Contains("inet 192.0.2.11/32", addresses, StringComparison.Ordinal);
        Assert.Matches(@"inet6 2001:db8::11/128 scope global nodad noprefixroute", addresses);
        Assert.DoesNotContain("2001:db8::11", Ip("-6", "route", "show", "table", "main"), StringComparison.Ordinal);

        await route.DeleteVirtualAddressAsync(link.Index, IPAddress.Parse("192.0.2.11"));
        Assert.DoesNotContain("192.0.2.11", Ip("-o", "addr", "show", "dev", "lvs0"), StringComparison.Ordinal);
        await route.DeleteLinkAsync(link.Index);
        Assert.True((await Assert.ThrowsAsync<NetlinkException>(() => route.GetLinkAsync("lvs0"))).IsNotFound);
    });

    [Fact]
    public Task Tunl0_asked_for_by_name_loads_ipip_and_is_brought_up() => InNamespaceAsync(async () =>
    {
        // As on a node where nobody loaded ipip: the agent's request makes the kernel load it (netdev-tunl0).
        if (Directory.Exists("/sys/module/ipip")) Modprobe("-r", "ipip");
        Assert.False(Directory.Exists("/sys/module/ipip"));
        int index = NetworkDeviceRequest.Request("tunl0");
        Assert.True(Directory.Exists("/sys/module/ipip"));

        using RouteNetlinkClient route = RouteNetlinkClient.Open();
        NetworkLink tunl0 = await route.BringUpTunl0Async();
        Assert.Equal(("tunl0", "ipip", true, index), (tunl0.Name, tunl0.Kind, tunl0.IsUp, tunl0.Index));
        await route.AddVirtualAddressAsync(tunl0.Index, IPAddress.Parse("192.0.2.30"));
        Assert.Contains("192.0.2.30/32", Ip("-o", "addr", "show", "dev", "tunl0"), StringComparison.Ordinal);
        Assert.Contains("UP", Ip("-o", "link", "show", "tunl0").Split('<', '>')[1], StringComparison.Ordinal);
    });
}
