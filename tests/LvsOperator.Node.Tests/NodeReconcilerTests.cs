using System.Collections.Immutable;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Planning;
using LvsOperator.Node.Ledger;
using LvsOperator.Core.Tests;
using LvsOperator.Node.Reconcile;
using Microsoft.Extensions.Time.Testing;
using static LvsOperator.Core.Tests.States;

namespace LvsOperator.Node.Tests;

public sealed class NodeReconcilerTests : IDisposable
{
    private static readonly VirtualAddressKey Web = Tcp("192.0.2.120", 10087);
    private static readonly IpvsDestination Rs1 = Dest("198.18.0.102", 10087, weight: 2);
    private static readonly IpvsDestination Rs2 = Dest("198.18.0.103", 10087);

    private readonly DirectoryInfo _state = Directory.CreateTempSubdirectory("lvs-ledger-");
    private readonly FakeTimeProvider _time = new(T0);
    private readonly FakeNodeKernel _kernel = new(ObservedState.Empty);

    private NodeReconciler Start() => new(_kernel, new LedgerStore(_state.FullName), DrainPolicy.Default, _time);

    private static NodeDesiredState Seed(params IpvsDestination[] destinations) => Desired(Service(Web, "wrr", destinations)) with
    {
        Addresses = [Vip("192.0.2.120")],
        Links = ImmutableSortedDictionary<string, LinkKind>.Empty.Add("lvs0", LinkKind.Dummy),
    };

    [Fact]
    public async Task A_restarted_agent_adopts_what_it_created_without_touching_it()
    {
        await Start().ReconcileAsync(Seed(Rs1, Rs2), default);
        _kernel.Applied.Clear();

        var restarted = Start();
        var result = await restarted.ReconcileAsync(Seed(Rs1, Rs2), default);

        Assert.True(result.Plan.IsEmpty);
        Assert.Empty(_kernel.Applied);
        Assert.Contains(Web, restarted.Owned.Services);
    }

    [Fact]
    public async Task The_source_nat_table_is_recorded_as_ours_and_a_restart_adopts_it()
    {
        var desired = Seed(Rs1) with { SourceNat = [Web] };
        await Start().ReconcileAsync(desired, default);
        Assert.Equal([new EnsureSourceNatChain(), new AddSourceNat(Web)], _kernel.Applied.Where(o => o is EnsureSourceNatChain or AddSourceNat));
        _kernel.Applied.Clear();

        var restarted = Start();
        var result = await restarted.ReconcileAsync(desired, default);

        Assert.True(result.Plan.IsEmpty);
        Assert.True(restarted.Owned.SourceNatTable);
        await restarted.ReconcileAsync(Seed(Rs1), default);
        Assert.Equal([new DeleteSourceNatTable()], _kernel.Applied);
        Assert.False(Start().Owned.SourceNatTable);
    }

    [Fact]
    public async Task A_gue_port_is_recorded_as_ours_a_restart_adopts_it_and_only_gue_nodes_read_fou()
    {
        var port = new FouPortKey(6080, System.Net.Sockets.AddressFamily.InterNetwork);
        await Start().ReconcileAsync(Seed(Rs1), default);
        Assert.False(_kernel.Scopes[^1].FouPorts); // a node without GUE never opens fou
        var desired = Seed(Rs1) with { GuePorts = [port] };
        await Start().ReconcileAsync(desired, default);
        Assert.Equal([new AddGuePort(port)], _kernel.Applied.OfType<AddGuePort>());
        _kernel.Applied.Clear();

        var restarted = Start();
        Assert.True((await restarted.ReconcileAsync(desired, default)).Plan.IsEmpty);
        Assert.Equal([port], restarted.Owned.GuePorts);
        await restarted.ReconcileAsync(Seed(Rs1), default);
        Assert.True(_kernel.Scopes[^1].FouPorts); // owned, so read though no longer desired
        Assert.Equal([new DeleteGuePort(port)], _kernel.Applied);
        Assert.Empty(Start().Owned.GuePorts);
    }

    [Fact]
    public async Task A_gue_port_someone_else_opened_is_used_and_left_open()
    {
        var port = new FouPortKey(6080, System.Net.Sockets.AddressFamily.InterNetwork);
        _kernel.State = _kernel.State with { FouPorts = ImmutableDictionary<FouPortKey, bool>.Empty.Add(port, true) };

        var reconciler = Start();
        await reconciler.ReconcileAsync(Seed(Rs1) with { GuePorts = [port] }, default);
        await reconciler.ReconcileAsync(Seed(Rs1), default);

        Assert.DoesNotContain(_kernel.Applied, o => o is AddGuePort or DeleteGuePort);
        Assert.Empty(reconciler.Owned.GuePorts);
        Assert.True(_kernel.State.FouPorts[port]);
    }

    [Fact]
    public async Task A_drain_begun_before_a_restart_finishes_after_it()
    {
        await Start().ReconcileAsync(Seed(Rs1, Rs2), default);
        _kernel.State = _kernel.State.WithConnections(Web, Rs2, active: 5);
        await Start().ReconcileAsync(Seed(Rs1), default); // drains Rs2: weight 0, connections stay

        _time.Advance(TimeSpan.FromSeconds(30));
        _kernel.State = _kernel.State.WithConnections(Web, Rs2 with { Weight = 0 }, active: 0);
        var result = await Start().ReconcileAsync(Seed(Rs1), default);

        Assert.Equal([new DeleteDestination(Web, Rs2.Key)], result.Plan.Operations);
        Assert.False(result.HasPendingDrains);
    }

    [Fact]
    public async Task A_failed_read_changes_nothing()
    {
        var reconciler = Start();
        _kernel.FailReads = true;

        await Assert.ThrowsAsync<IOException>(() => reconciler.ReconcileAsync(Seed(Rs1), default));
        Assert.Empty(_kernel.Applied);
        Assert.False(File.Exists(new LedgerStore(_state.FullName).Path));
    }

    [Fact]
    public async Task A_failed_operation_is_not_recorded_as_owned_and_is_retried_on_the_next_cycle()
    {
        var reconciler = Start();
        _kernel.Fails = op => op is AddAddress;

        var first = await reconciler.ReconcileAsync(Seed(Rs1), default);
        Assert.IsType<AddAddress>(Assert.Single(first.Failures).Operation);
        Assert.Empty(reconciler.Owned.Addresses);

        _kernel.Fails = _ => false;
        var second = await reconciler.ReconcileAsync(Seed(Rs1), default);
        Assert.Equal([new AddAddress(Vip("192.0.2.120"))], second.Plan.Operations);
        Assert.Contains(Vip("192.0.2.120"), new LedgerStore(_state.FullName).Load().Addresses);
    }

    [Fact]
    public async Task Drift_is_repaired_on_the_next_cycle()
    {
        var reconciler = Start();
        await reconciler.ReconcileAsync(Seed(Rs1, Rs2), default);
        _kernel.State = KernelSimulator.Apply(_kernel.State, new DeleteService(Web)); // someone ran ipvsadm -D

        var result = await reconciler.ReconcileAsync(Seed(Rs1, Rs2), default);
        Assert.Equal([new AddService(Seed().Services[Web].Service), new AddDestination(Web, Rs1), new AddDestination(Web, Rs2)], result.Plan.Operations);
    }

    [Fact]
    public async Task A_cycle_woken_by_a_change_of_services_alone_reads_and_plans_only_those()
    {
        var api = Tcp("192.0.2.121", 443);
        NodeDesiredState Both(int weight) => Seed(Rs1, Rs2 with { Weight = weight }) with
        {
            Services = Seed(Rs1, Rs2 with { Weight = weight }).Services.Add(api, Service(api, "rr", Dest("198.18.0.104", 443))),
        };
        var reconciler = Start();
        await reconciler.ReconcileAsync(Both(1), default);
        await reconciler.ReconcileAsync(Both(1), default); // settles: nothing touched, nothing changed
        var wholeReads = _kernel.Dumped.Count;

        var result = await reconciler.ReconcileAsync(Both(5), default, ReadScope.ChangedServices);

        Assert.Equal([new UpdateDestination(Web, Rs2 with { Weight = 5 })], result.Plan.Operations);
        Assert.True(result.ServicesOnly);
        Assert.Equal([Web], _kernel.ReadServices[^1]);
        // Nothing moved since: nothing is read. A resync reads everything, the service just changed included.
        Assert.True((await reconciler.ReconcileAsync(Both(5), default, ReadScope.ChangedServices)).Plan.IsEmpty);
        Assert.Empty(_kernel.ReadServices[^1]);
        Assert.Equal(wholeReads, _kernel.Dumped.Count);
        await reconciler.ReconcileAsync(Both(5), default);
        Assert.Equal(2, _kernel.Dumped[^1].Count);
        // Woken by a change that reaches beyond services (an address): the whole node, with unchanged services' dumps skipped.
        var moved = Both(5) with { Addresses = [Vip("192.0.2.120"), Vip("192.0.2.121")] };
        var whole = await reconciler.ReconcileAsync(moved, default, ReadScope.ChangedServices);
        Assert.False(whole.ServicesOnly);
        Assert.Equal([new AddAddress(Vip("192.0.2.121"))], whole.Plan.Operations);
        Assert.Empty(_kernel.Dumped[^1]);
    }

    [Fact]
    public async Task After_a_failed_operation_a_cycle_woken_by_a_change_reads_the_whole_node()
    {
        var reconciler = Start();
        await reconciler.ReconcileAsync(Seed(Rs1), default);
        _kernel.Fails = op => op is AddAddress;
        _kernel.State = KernelSimulator.Apply(_kernel.State, new DeleteAddress(Vip("192.0.2.120"))); // ip addr del
        await reconciler.ReconcileAsync(Seed(Rs1), default);
        _kernel.Fails = _ => false;

        var result = await reconciler.ReconcileAsync(Seed(Rs1, Rs2), default, ReadScope.ChangedServices);

        Assert.False(result.ServicesOnly);
        Assert.Equal([new AddDestination(Web, Rs2), new AddAddress(Vip("192.0.2.120"))], result.Plan.Operations);
    }

    [Fact]
    public async Task While_a_removed_service_drains_a_cycle_woken_by_a_change_reads_the_whole_node()
    {
        var api = Tcp("192.0.2.121", 443);
        var withApi = Seed(Rs1) with { Services = Seed(Rs1).Services.Add(api, Service(api, "rr", Dest("198.18.0.104", 443))) };
        var reconciler = Start();
        await reconciler.ReconcileAsync(withApi, default);
        _kernel.State = _kernel.State.WithConnections(api, Dest("198.18.0.104", 443), 3);
        await reconciler.ReconcileAsync(Seed(Rs1), default, ReadScope.ChangedServices); // api removed: drains

        var result = await reconciler.ReconcileAsync(Seed(Rs1, Rs2), default, ReadScope.ChangedServices);

        Assert.False(result.ServicesOnly);
        Assert.Contains(new AddDestination(Web, Rs2), result.Plan.Operations);
    }

    [Fact]
    public async Task Drift_in_a_service_nothing_asked_to_change_waits_for_the_resync()
    {
        var reconciler = Start();
        await reconciler.ReconcileAsync(Seed(Rs1, Rs2), default);
        await reconciler.ReconcileAsync(Seed(Rs1, Rs2), default);
        _kernel.State = KernelSimulator.Apply(_kernel.State, new DeleteDestination(Web, Rs2.Key)); // ipvsadm -d

        Assert.True((await reconciler.ReconcileAsync(Seed(Rs1, Rs2), default, ReadScope.ChangedServices)).Plan.IsEmpty);
        Assert.Equal([new AddDestination(Web, Rs2)], (await reconciler.ReconcileAsync(Seed(Rs1, Rs2), default)).Plan.Operations);
    }

    [Fact]
    public void An_unreadable_ledger_stops_the_agent_rather_than_guessing_what_it_owns()
    {
        File.WriteAllText(new LedgerStore(_state.FullName).Path, "{ not json");
        Assert.Throws<InvalidDataException>(Start);
    }

    public void Dispose() => _state.Delete(recursive: true);

    [Fact]
    public async Task An_owned_service_a_dump_skipped_stays_owned()
    {
        var reconciler = Start();
        await reconciler.ReconcileAsync(Seed(Rs1), default);
        var kernel = _kernel.State;

        // One read misses the service (the shared IPVS table moved under the dump); re-adding it meets EEXIST.
        _kernel.State = kernel with { Services = kernel.Services.Remove(Web) };
        _kernel.Fails = op => op is AddService or AddDestination;
        _kernel.FailWith = op => op is AddService ? new Netlink.NetlinkException(17, "IPVS_CMD_NEW_SERVICE", null) : new IOException("EEXIST");
        await reconciler.ReconcileAsync(Seed(Rs1), default);
        Assert.Contains(Web, reconciler.Owned.Services);

        _kernel.State = kernel;
        _kernel.Fails = _ => false;
        Assert.True((await reconciler.ReconcileAsync(Seed(Rs1), default)).Plan.IsEmpty);
    }
}
