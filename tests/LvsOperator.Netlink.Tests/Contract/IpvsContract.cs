using System.Net;
using System.Net.Sockets;
using LvsOperator.Netlink.Ipvs;

namespace LvsOperator.Netlink.Tests.Contract;

/// <summary>
/// What any <see cref="IIpvsClient"/> must do, written once and run against the in-memory fake, the
/// client over a scripted kernel (host), and the real kernel in a fresh network namespace (lab VM).
/// Each test gets an empty table. Orders are never assumed: the kernel lists services in hash order
/// and destinations newest first.
/// </summary>
public abstract partial class IpvsContract
{
    protected static readonly IPAddress Vip4 = IPAddress.Parse("192.0.2.1");
    protected static readonly IPAddress Vip6 = IPAddress.Parse("2001:db8::1");
    protected static readonly IpvsServiceKey Tcp4 = IpvsServiceKey.ForAddress(IpvsProtocol.Tcp, Vip4, 80);
    protected static readonly IpvsServiceKey Udp6 = IpvsServiceKey.ForAddress(IpvsProtocol.Udp, Vip6, 53);
    protected static readonly IpvsServiceKey Mark4 = IpvsServiceKey.ForFirewallMark(AddressFamily.InterNetwork, 7);
    protected static readonly IpvsServiceKey Mark6 = IpvsServiceKey.ForFirewallMark(AddressFamily.InterNetworkV6, 8);

    /// <summary>Runs <paramref name="test"/> with a client over an empty IPVS table.</summary>
    protected abstract Task RunAsync(Func<IIpvsClient, Task> test);

    /// <summary>An interface the sync daemon can bind to in the test's namespace.</summary>
    protected virtual string SyncInterface => "lo";

    protected static IPAddress Real(int i) => IPAddress.Parse($"198.18.0.{i}");

    protected static IPAddress Real6(int i) => IPAddress.Parse($"2001:db8:1::{i:x}");

    protected static async Task<NetlinkException> Fails(Func<Task> action)
    {
        Task task;
        try
        {
            task = action();
        }
        catch (NetlinkException e)
        {
            return e;
        }

        return await Assert.ThrowsAsync<NetlinkException>(() => task);
    }

    protected static void AssertService(IpvsService expected, IpvsService actual)
    {
        Assert.Equal(expected.Key, actual.Key);
        Assert.Equal(expected.Scheduler, actual.Scheduler);
        Assert.Equal(expected.Flags | IpvsServiceFlags.Hashed, actual.Flags);
        Assert.Equal(expected.PersistenceTimeout, actual.PersistenceTimeout);
        Assert.Equal(expected.Netmask, actual.Netmask);
        Assert.Equal(string.IsNullOrEmpty(expected.PersistenceEngine) ? null : expected.PersistenceEngine, actual.PersistenceEngine);
        Assert.NotNull(actual.Stats);
    }

    protected static void AssertDestination(IpvsDestination expected, IpvsDestination actual)
    {
        Assert.Equal(expected.Key, actual.Key);
        Assert.Equal(expected.Family, actual.Family);
        Assert.Equal(expected.ForwardingMethod, actual.ForwardingMethod);
        Assert.Equal(expected.Weight, actual.Weight);
        Assert.Equal(expected.UpperThreshold, actual.UpperThreshold);
        Assert.Equal(expected.LowerThreshold, actual.LowerThreshold);
        if (expected.ForwardingMethod == IpvsForwardingMethod.Tunnel)
        {
            Assert.Equal(expected.TunnelType, actual.TunnelType);
            Assert.Equal(expected.TunnelPort, actual.TunnelPort);
            Assert.Equal(expected.TunnelFlags, actual.TunnelFlags);
        }

        Assert.Equal(0u, actual.ActiveConnections);
        Assert.Equal(0u, actual.InactiveConnections);
        Assert.NotNull(actual.Stats);
    }

    [Fact]
    public Task Info_reports_the_ipvs_version() => RunAsync(async ipvs =>
    {
        IpvsInfo info = await ipvs.GetInfoAsync();
        Assert.Equal(new Version(1, 2, 1), info.VersionNumber);
        Assert.True(info.ConnectionTableSize > 0);
    });

    [Fact]
    public Task An_empty_table_dumps_empty() => RunAsync(async ipvs =>
    {
        Assert.Empty(await ipvs.GetServicesAsync());
        Assert.Empty(await ipvs.GetSyncDaemonsAsync());
    });

    [Fact]
    public Task Added_services_of_every_shape_read_back() => RunAsync(async ipvs =>
    {
        IpvsService[] services =
        [
            new(Tcp4) { Scheduler = "wrr" },
            new(Udp6) { Scheduler = "rr", Flags = IpvsServiceFlags.OnePacket },
            new(Mark4) { Scheduler = "sh", Flags = IpvsServiceFlags.SourceHashFallback | IpvsServiceFlags.SourceHashPort },
            new(Mark6) { Scheduler = "mh", Flags = IpvsServiceFlags.MaglevPort },
            new(IpvsServiceKey.ForAddress(IpvsProtocol.Sctp, Vip4, 3868)) { Scheduler = "lc" },
            new(IpvsServiceKey.ForAddress(IpvsProtocol.Tcp, Vip4, 443)) { Scheduler = "rr", Flags = IpvsServiceFlags.Persistent, PersistenceTimeout = 60, Netmask = 0xFFFFFF00 },
            new(IpvsServiceKey.ForAddress(IpvsProtocol.Tcp, Vip6, 443)) { Scheduler = "rr", Flags = IpvsServiceFlags.Persistent, PersistenceTimeout = 300, Netmask = 64 },
        ];
        foreach (IpvsService service in services)
        {
            await ipvs.AddServiceAsync(service);
        }

        IReadOnlyList<IpvsService> listed = await ipvs.GetServicesAsync();
        Assert.Equal(services.Length, listed.Count);
        foreach (IpvsService service in services)
        {
            AssertService(service, Assert.Single(listed, s => s.Key == service.Key));
            AssertService(service, await ipvs.GetServiceAsync(service.Key));
        }
    });

    [Fact]
    public Task Adding_an_existing_service_is_eexist() => RunAsync(async ipvs =>
    {
        await ipvs.AddServiceAsync(new IpvsService(Tcp4));
        NetlinkException e = await Fails(() => ipvs.AddServiceAsync(new IpvsService(Tcp4) { Scheduler = "rr" }));
        Assert.True(e.IsAlreadyExists, e.Message);
        Assert.Equal("wlc", (await ipvs.GetServiceAsync(Tcp4)).Scheduler);
    });

    [Fact]
    public Task A_missing_service_is_not_found_everywhere() => RunAsync(async ipvs =>
    {
        Assert.Equal(Errnos.ESRCH, (await Fails(() => ipvs.GetServiceAsync(Tcp4))).Errno);
        Assert.Equal(Errnos.ESRCH, (await Fails(() => ipvs.UpdateServiceAsync(new IpvsService(Tcp4)))).Errno);
        Assert.Equal(Errnos.ESRCH, (await Fails(() => ipvs.DeleteServiceAsync(Tcp4))).Errno);
        Assert.Equal(Errnos.ESRCH, (await Fails(() => ipvs.AddDestinationAsync(Tcp4, new IpvsDestination(Real(2), 80)))).Errno);
        Assert.True((await Fails(() => ipvs.GetServiceAsync(Mark6))).IsNotFound);
    });

    [Fact]
    public Task Destinations_of_a_missing_service_dump_empty() => RunAsync(async ipvs =>
        Assert.Empty(await ipvs.GetDestinationsAsync(Tcp4)));

    [Fact]
    public Task An_unknown_scheduler_is_enoent() => RunAsync(async ipvs =>
    {
        NetlinkException e = await Fails(() => ipvs.AddServiceAsync(new IpvsService(Tcp4) { Scheduler = "nosuch" }));
        Assert.Equal(Errnos.ENOENT, e.Errno);
        Assert.Empty(await ipvs.GetServicesAsync());
    });

    [Fact]
    public Task Updating_a_service_changes_it_in_place() => RunAsync(async ipvs =>
    {
        await ipvs.AddServiceAsync(new IpvsService(Tcp4) { Scheduler = "wrr" });
        await ipvs.AddDestinationAsync(Tcp4, new IpvsDestination(Real(2), 80));
        var updated = new IpvsService(Tcp4) { Scheduler = "sh", Flags = IpvsServiceFlags.Persistent | IpvsServiceFlags.SourceHashPort, PersistenceTimeout = 120, Netmask = 0xFFFF0000 };
        await ipvs.UpdateServiceAsync(updated);
        AssertService(updated, await ipvs.GetServiceAsync(Tcp4));
        Assert.Single(await ipvs.GetDestinationsAsync(Tcp4));

        var cleared = new IpvsService(Tcp4) { Scheduler = "rr" };
        await ipvs.UpdateServiceAsync(cleared);
        AssertService(cleared, await ipvs.GetServiceAsync(Tcp4));
    });

    [Fact]
    public Task Deleting_a_service_deletes_its_destinations() => RunAsync(async ipvs =>
    {
        await ipvs.AddServiceAsync(new IpvsService(Tcp4));
        await ipvs.AddServiceAsync(new IpvsService(Mark4));
        await ipvs.AddDestinationAsync(Tcp4, new IpvsDestination(Real(2), 80));
        await ipvs.DeleteServiceAsync(Tcp4);
        Assert.Equal(Mark4, Assert.Single(await ipvs.GetServicesAsync()).Key);
        Assert.Empty(await ipvs.GetDestinationsAsync(Tcp4));
        await ipvs.AddServiceAsync(new IpvsService(Tcp4));
        Assert.Empty(await ipvs.GetDestinationsAsync(Tcp4));
    });
}
