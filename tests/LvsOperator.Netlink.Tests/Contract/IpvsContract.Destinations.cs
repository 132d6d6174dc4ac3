using System.Net.Sockets;
using LvsOperator.Netlink.Ipvs;

namespace LvsOperator.Netlink.Tests.Contract;

public abstract partial class IpvsContract
{
    [Fact]
    public Task Destinations_of_every_method_read_back() => RunAsync(async ipvs =>
    {
        await ipvs.AddServiceAsync(new IpvsService(Tcp4) { Scheduler = "wrr" });
        IpvsDestination[] destinations =
        [
            new(Real(2), 80) { ForwardingMethod = IpvsForwardingMethod.DirectRoute, Weight = 2 },
            new(Real(3), 8080) { ForwardingMethod = IpvsForwardingMethod.Masquerade, Weight = 1 },
            new(Real(4), 80) { ForwardingMethod = IpvsForwardingMethod.Tunnel, Weight = 3 },
            new(Real(5), 80) { Weight = 5, UpperThreshold = 1000, LowerThreshold = 100 },
            new(Real(6), 80) { ForwardingMethod = IpvsForwardingMethod.Tunnel, TunnelType = IpvsTunnelType.Gue, TunnelPort = 6080, TunnelFlags = IpvsTunnelFlags.Checksum },
            new(Real(7), 80) { ForwardingMethod = IpvsForwardingMethod.Tunnel, TunnelType = IpvsTunnelType.Gre, TunnelFlags = IpvsTunnelFlags.RemoteChecksum },

            // Above 65535: a u16 reader would see 4464 (the moby/ipvs bug).
            new(Real(8), 80) { Weight = 70000 },
        ];
        foreach (IpvsDestination destination in destinations)
        {
            await ipvs.AddDestinationAsync(Tcp4, destination);
        }

        IReadOnlyList<IpvsDestination> listed = await ipvs.GetDestinationsAsync(Tcp4);
        Assert.Equal(destinations.Length, listed.Count);
        foreach (IpvsDestination destination in destinations)
        {
            AssertDestination(destination, Assert.Single(listed, d => d.Key == destination.Key));
        }
    });

    [Fact]
    public Task IPv6_and_firewall_mark_services_take_destinations() => RunAsync(async ipvs =>
    {
        await ipvs.AddServiceAsync(new IpvsService(Udp6));
        await ipvs.AddServiceAsync(new IpvsService(Mark4));
        await ipvs.AddServiceAsync(new IpvsService(Mark6));
        var v6 = new IpvsDestination(Real6(2), 5353) { Weight = 4 };
        var mark = new IpvsDestination(Real(9), 0) { ForwardingMethod = IpvsForwardingMethod.DirectRoute };
        var mark6 = new IpvsDestination(Real6(9), 0) { ForwardingMethod = IpvsForwardingMethod.DirectRoute };
        await ipvs.AddDestinationAsync(Udp6, v6);
        await ipvs.AddDestinationAsync(Mark4, mark);
        await ipvs.AddDestinationAsync(Mark6, mark6);
        AssertDestination(v6, Assert.Single(await ipvs.GetDestinationsAsync(Udp6)));
        AssertDestination(mark, Assert.Single(await ipvs.GetDestinationsAsync(Mark4)));
        AssertDestination(mark6, Assert.Single(await ipvs.GetDestinationsAsync(Mark6)));
    });

    [Fact]
    public Task A_mixed_family_destination_must_tunnel() => RunAsync(async ipvs =>
    {
        await ipvs.AddServiceAsync(new IpvsService(Tcp4));
        NetlinkException e = await Fails(() => ipvs.AddDestinationAsync(Tcp4, new IpvsDestination(Real6(2), 80)));
        Assert.Equal(Errnos.EINVAL, e.Errno);
        var tunnel = new IpvsDestination(Real6(2), 80) { ForwardingMethod = IpvsForwardingMethod.Tunnel };
        await ipvs.AddDestinationAsync(Tcp4, tunnel);
        IpvsDestination listed = Assert.Single(await ipvs.GetDestinationsAsync(Tcp4));
        AssertDestination(tunnel, listed);
        Assert.Equal(AddressFamily.InterNetworkV6, listed.Family);
    });

    [Fact]
    public Task Destination_errors_match_the_kernel() => RunAsync(async ipvs =>
    {
        await ipvs.AddServiceAsync(new IpvsService(Tcp4));
        var destination = new IpvsDestination(Real(2), 80);
        await ipvs.AddDestinationAsync(Tcp4, destination);
        Assert.True((await Fails(() => ipvs.AddDestinationAsync(Tcp4, destination with { Weight = 9 }))).IsAlreadyExists);
        Assert.Equal(Errnos.ENOENT, (await Fails(() => ipvs.UpdateDestinationAsync(Tcp4, new IpvsDestination(Real(3), 80)))).Errno);
        Assert.Equal(Errnos.ENOENT, (await Fails(() => ipvs.DeleteDestinationAsync(Tcp4, new IpvsDestinationKey(Real(3), 80)))).Errno);
        Assert.Equal(Errnos.ENOENT, (await Fails(() => ipvs.DeleteDestinationAsync(Tcp4, new IpvsDestinationKey(Real(2), 81)))).Errno);
        Assert.Equal(Errnos.ERANGE, (await Fails(() => ipvs.AddDestinationAsync(Tcp4, new IpvsDestination(Real(4), 80) { UpperThreshold = 10, LowerThreshold = 20 }))).Errno);
        Assert.Equal(Errnos.ESRCH, (await Fails(() => ipvs.UpdateDestinationAsync(Mark4, destination))).Errno);
        Assert.Equal(Errnos.ESRCH, (await Fails(() => ipvs.DeleteDestinationAsync(Mark4, destination.Key))).Errno);
        AssertDestination(destination, Assert.Single(await ipvs.GetDestinationsAsync(Tcp4)));
    });

    [Fact]
    public Task Destinations_update_in_place_and_delete() => RunAsync(async ipvs =>
    {
        await ipvs.AddServiceAsync(new IpvsService(Tcp4) { Scheduler = "wrr" });
        await ipvs.AddDestinationAsync(Tcp4, new IpvsDestination(Real(2), 80) { Weight = 10 });
        await ipvs.AddDestinationAsync(Tcp4, new IpvsDestination(Real(3), 80) { Weight = 10 });

        var drained = new IpvsDestination(Real(2), 80) { Weight = 0, UpperThreshold = 50, LowerThreshold = 5, ForwardingMethod = IpvsForwardingMethod.DirectRoute };
        await ipvs.UpdateDestinationAsync(Tcp4, drained);
        IReadOnlyList<IpvsDestination> listed = await ipvs.GetDestinationsAsync(Tcp4);
        AssertDestination(drained, Assert.Single(listed, d => d.Key == drained.Key));
        Assert.Equal(10, Assert.Single(listed, d => d.Key.Address.Equals(Real(3))).Weight);

        await ipvs.DeleteDestinationAsync(Tcp4, drained.Key);
        Assert.Equal(Real(3), Assert.Single(await ipvs.GetDestinationsAsync(Tcp4)).Address);
    });

    [Fact]
    public Task Timeouts_are_read_and_set_with_zero_meaning_unchanged() => RunAsync(async ipvs =>
    {
        IpvsTimeouts original = await ipvs.GetTimeoutsAsync();
        Assert.Equal(new IpvsTimeouts(900, 120, 300), original);
        await ipvs.SetTimeoutsAsync(new IpvsTimeouts(600, 0, 30));
        Assert.Equal(new IpvsTimeouts(600, 120, 30), await ipvs.GetTimeoutsAsync());
        await ipvs.SetTimeoutsAsync(original);
        Assert.Equal(original, await ipvs.GetTimeoutsAsync());
    });

    [Fact]
    public Task Sync_daemons_start_list_and_stop() => RunAsync(async ipvs =>
    {
        await ipvs.StartSyncDaemonAsync(new IpvsSyncDaemon(IpvsSyncState.Master, SyncInterface, 5));
        await ipvs.StartSyncDaemonAsync(new IpvsSyncDaemon(IpvsSyncState.Backup, SyncInterface, 6) { MulticastPort = 8849, MulticastTtl = 2 });
        Assert.True((await Fails(() => ipvs.StartSyncDaemonAsync(new IpvsSyncDaemon(IpvsSyncState.Master, SyncInterface, 7)))).IsAlreadyExists);

        IReadOnlyList<IpvsSyncDaemon> daemons = await ipvs.GetSyncDaemonsAsync();
        Assert.Equal(2, daemons.Count);
        IpvsSyncDaemon master = Assert.Single(daemons, d => d.State == IpvsSyncState.Master);
        Assert.Equal((SyncInterface, 5u), (master.MulticastInterface, master.SyncId));
        IpvsSyncDaemon backup = Assert.Single(daemons, d => d.State == IpvsSyncState.Backup);
        Assert.Equal((SyncInterface, 6u), (backup.MulticastInterface, backup.SyncId));
        Assert.Equal((ushort)8849, backup.MulticastPort);
        Assert.Equal((byte)2, backup.MulticastTtl);

        await ipvs.StopSyncDaemonAsync(IpvsSyncState.Master);
        Assert.Equal(IpvsSyncState.Backup, Assert.Single(await ipvs.GetSyncDaemonsAsync()).State);
        Assert.True((await Fails(() => ipvs.StopSyncDaemonAsync(IpvsSyncState.Master))).IsNotFound);
        await ipvs.StopSyncDaemonAsync(IpvsSyncState.Backup);
        Assert.Empty(await ipvs.GetSyncDaemonsAsync());
    });

    [Fact]
    public Task A_batch_reports_each_outcome_and_leaves_the_rest_applied() => RunAsync(async ipvs =>
    {
        var operations = new List<IpvsOperation>();
        for (int s = 0; s < 50; s++)
        {
            IpvsServiceKey key = IpvsServiceKey.ForAddress(IpvsProtocol.Tcp, Vip4, (ushort)(1000 + s));
            operations.Add(IpvsOperation.AddService(new IpvsService(key) { Scheduler = "wrr" }));
            for (int d = 0; d < 3; d++)
            {
                operations.Add(IpvsOperation.AddDestination(key, new IpvsDestination(Real(10 + d), 80) { Weight = d }));
            }
        }

        operations.Add(IpvsOperation.AddService(new IpvsService(IpvsServiceKey.ForAddress(IpvsProtocol.Tcp, Vip4, 1000))));
        operations.Add(IpvsOperation.UpdateDestination(IpvsServiceKey.ForAddress(IpvsProtocol.Tcp, Vip4, 1001), new IpvsDestination(Real(10), 80) { Weight = 42 }));
        operations.Add(IpvsOperation.DeleteDestination(IpvsServiceKey.ForAddress(IpvsProtocol.Tcp, Vip4, 1002), new IpvsDestinationKey(Real(99), 80)));
        operations.Add(IpvsOperation.DeleteService(IpvsServiceKey.ForAddress(IpvsProtocol.Tcp, Vip4, 1003)));
        operations.Add(IpvsOperation.AddDestination(Mark4, new IpvsDestination(Real(2), 80)));

        IpvsBatchResult result = await ipvs.ExecuteAsync(operations);
        Assert.Equal(operations.Count, result.Count);
        Assert.Equal(3, result.FailureCount);
        Assert.True(result.GetError(200)!.IsAlreadyExists);
        Assert.Null(result.GetError(201));
        Assert.Equal(Errnos.ENOENT, result.GetError(202)!.Errno);
        Assert.Null(result.GetError(203));
        Assert.Equal(Errnos.ESRCH, result.GetError(204)!.Errno);

        Assert.Equal(49, (await ipvs.GetServicesAsync()).Count);
        Assert.Equal(42, Assert.Single(await ipvs.GetDestinationsAsync(IpvsServiceKey.ForAddress(IpvsProtocol.Tcp, Vip4, 1001)), d => d.Address.Equals(Real(10))).Weight);
        Assert.Equal(3, (await ipvs.GetDestinationsAsync(IpvsServiceKey.ForAddress(IpvsProtocol.Tcp, Vip4, 1049))).Count);
    });
}
