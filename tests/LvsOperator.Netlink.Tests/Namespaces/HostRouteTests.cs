using System.Net;
using System.Net.Sockets;
using LvsOperator.Netlink.Route;
using LvsOperator.Netlink.Tests.Support;

namespace LvsOperator.Netlink.Tests.Namespaces;

/// <summary>
/// rtnetlink against the host's real kernel, each test in a fresh network namespace (needs root,
/// as CI runs). <c>ip</c> is the independent witness. The host has no dummy or ipip modules, so links
/// are bridges here; dummy and tunl0 are covered in the lab VM.
/// </summary>
public sealed class HostRouteTests : IDisposable
{
    private readonly NetworkNamespaceThread _namespace = new();

    public void Dispose() => _namespace.Dispose();

    private string Ip(params string[] arguments) => Witness.Run(_namespace.NamespacePath, "ip", arguments);

    private Task Run(Func<RouteNetlinkClient, Task> test) => _namespace.RunAsync(async () =>
    {
        using RouteNetlinkClient route = RouteNetlinkClient.Open();
        await test(route);
    });

    [Fact]
    public Task A_fresh_namespace_has_only_loopback_and_it_can_be_brought_up() => Run(async route =>
    {
        NetworkLink lo = Assert.Single(await route.GetLinksAsync());
        Assert.Equal(("lo", 1, false), (lo.Name, lo.Index, lo.IsUp));
        await route.SetLinkUpAsync(lo.Index, up: true);
        Assert.True((await route.GetLinkAsync("lo")).IsUp);
        Assert.Contains("state UNKNOWN", Ip("-o", "link", "show", "lo"), StringComparison.Ordinal);
        Assert.Contains("UP", Ip("-o", "link", "show", "lo").Split('<', '>')[1], StringComparison.Ordinal);
        await route.SetLinkUpAsync(lo.Index, up: false);
        Assert.False((await route.GetLinkAsync("lo")).IsUp);
    });

    [Fact]
    public Task A_missing_link_is_not_found() => Run(async route =>
    {
        NetlinkException e = await Assert.ThrowsAsync<NetlinkException>(() => route.GetLinkAsync("nosuch0"));
        Assert.Equal((Errnos.ENODEV, true), (e.Errno, e.IsNotFound));
        Assert.True((await Assert.ThrowsAsync<NetlinkException>(() => route.DeleteLinkAsync(999))).IsNotFound);
    });

    [Fact]
    public Task An_ipv4_vip_is_added_listed_and_deleted() => Run(async route =>
    {
        NetworkLink lo = await route.GetLinkAsync("lo");
        await route.SetLinkUpAsync(lo.Index, up: true);
        IPAddress vip = IPAddress.Parse("192.0.2.10");
        await route.AddVirtualAddressAsync(lo.Index, vip);

        InterfaceAddress listed = Assert.Single(await route.GetAddressesAsync(AddressFamily.InterNetwork), a => a.Address.Equals(vip));
        Assert.Equal((lo.Index, (byte)32, "lo"), (listed.InterfaceIndex, listed.PrefixLength, listed.Label));
        Assert.True(listed.Flags.HasFlag(InterfaceAddressFlags.NoPrefixRoute));
        Assert.Contains("inet 192.0.2.10/32", Ip("-4", "-o", "addr", "show", "dev", "lo"), StringComparison.Ordinal);

        Assert.True((await Assert.ThrowsAsync<NetlinkException>(() => route.AddVirtualAddressAsync(lo.Index, vip))).IsAlreadyExists);
        await route.DeleteVirtualAddressAsync(lo.Index, vip);
        Assert.DoesNotContain(await route.GetAddressesAsync(), a => a.Address.Equals(vip));
        Assert.DoesNotContain("192.0.2.10", Ip("-4", "-o", "addr", "show"), StringComparison.Ordinal);
        NetlinkException missing = await Assert.ThrowsAsync<NetlinkException>(() => route.DeleteVirtualAddressAsync(lo.Index, vip));
        Assert.Equal((Errnos.EADDRNOTAVAIL, true), (missing.Errno, missing.IsNotFound));
    });

    [Fact]
    public Task An_ipv6_vip_gets_nodad_and_noprefixroute() => Run(async route =>
    {
        NetworkLink lo = await route.GetLinkAsync("lo");
        await route.SetLinkUpAsync(lo.Index, up: true);
        IPAddress vip = IPAddress.Parse("2001:db8::10");
        await route.AddVirtualAddressAsync(lo.Index, vip);

        InterfaceAddress listed = Assert.Single(await route.GetAddressesAsync(AddressFamily.InterNetworkV6), a => a.Address.Equals(vip));
        Assert.Equal((byte)128, listed.PrefixLength);
        Assert.True(listed.Flags.HasFlag(InterfaceAddressFlags.NoDad | InterfaceAddressFlags.NoPrefixRoute), listed.Flags.ToString());
        Assert.False(listed.Flags.HasFlag(InterfaceAddressFlags.Tentative));
        string witness = Ip("-6", "-o", "addr", "show", "dev", "lo");
        Assert.Contains("2001:db8::10/128", witness, StringComparison.Ordinal);
        Assert.Contains("nodad", witness, StringComparison.Ordinal);
        Assert.Contains("noprefixroute", witness, StringComparison.Ordinal);
        await route.DeleteVirtualAddressAsync(lo.Index, vip);
        Assert.DoesNotContain(await route.GetAddressesAsync(), a => a.Address.Equals(vip));
    });

    [Fact]
    public Task A_link_is_created_configured_and_deleted() => Run(async route =>
    {
        await route.CreateLinkAsync("lvsbr0", "bridge");
        NetworkLink link = await route.GetLinkAsync("lvsbr0");
        Assert.Equal(("bridge", false), (link.Kind, link.IsUp));
        Assert.True((await Assert.ThrowsAsync<NetlinkException>(() => route.CreateLinkAsync("lvsbr0", "bridge"))).IsAlreadyExists);
        Assert.Contains("bridge", Ip("-d", "-o", "link", "show", "lvsbr0"), StringComparison.Ordinal);

        await route.SetLinkUpAsync(link.Index, up: true);
        await route.AddVirtualAddressAsync(link.Index, IPAddress.Parse("192.0.2.20"));
        Assert.Contains(await route.GetAddressesAsync(), a => a.InterfaceIndex == link.Index && a.Address.Equals(IPAddress.Parse("192.0.2.20")));
        Assert.Contains(await route.GetLinksAsync(), l => l.Name == "lvsbr0" && l.IsUp);

        await route.DeleteLinkAsync(link.Index);
        Assert.DoesNotContain(await route.GetLinksAsync(), l => l.Name == "lvsbr0");
        Assert.DoesNotContain("lvsbr0", Ip("-o", "link", "show"), StringComparison.Ordinal);
    });

    [Fact]
    public Task Many_addresses_dump_across_datagrams() => Run(async route =>
    {
        NetworkLink lo = await route.GetLinkAsync("lo");
        for (int i = 1; i <= 300; i++)
        {
            await route.AddVirtualAddressAsync(lo.Index, IPAddress.Parse($"198.18.{i / 256}.{i % 256}"));
        }

        IReadOnlyList<InterfaceAddress> addresses = await route.GetAddressesAsync(AddressFamily.InterNetwork);
        Assert.Equal(300, addresses.Count); // lo is down: no 127.0.0.1
        Assert.Equal(300, addresses.Select(a => a.Address).Where(a => a.ToString().StartsWith("198.18.", StringComparison.Ordinal)).Distinct().Count());
    });

    [Fact]
    public Task A_requested_device_answers_with_its_index_and_one_no_module_provides_is_not_found() => Run(async route =>
    {
        await route.CreateLinkAsync("lvsbr1", "bridge");

        Assert.Equal((await route.GetLinkAsync("lvsbr1")).Index, NetworkDeviceRequest.Request("lvsbr1"));
        // The host kernel has no loadable modules: nothing provides this name.
        NetlinkException missing = Assert.Throws<NetlinkException>(() => NetworkDeviceRequest.Request("lvsnone0"));
        Assert.Equal((Errnos.ENODEV, "SIOCGIFINDEX lvsnone0"), (missing.Errno, missing.Operation));
        Assert.Throws<ArgumentException>(() => NetworkDeviceRequest.Request("a-name-too-long0"));
    });
}
