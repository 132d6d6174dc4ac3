using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using System.Collections.Concurrent;
using LvsOperator.Agent.Failover;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Resources;
using LvsOperator.Vrrp.Wire;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LvsOperator.Agent.Tests;

/// <summary>
/// The failover runtime without sockets: the gate on desired states, and two nodes' coordinators electing over an
/// in-memory link with the real state machine on the real clock (100 ms adverts). Waits are on conditions with
/// generous bounds, never on fixed sleeps.
/// </summary>
public sealed class FailoverTests
{
    private static readonly IPAddress Vip = IPAddress.Parse("192.0.2.120");
    private static readonly IPAddress OtherVip = IPAddress.Parse("192.0.2.121");
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static FailoverGroup Group(byte priority, params IPAddress[] vips) => new(
        51, priority, TimeSpan.FromMilliseconds(100), Preempt: true, TimeSpan.Zero, ConnectionSync: false, "eth0", [], [.. vips]);

    private static NodeDesiredState State(FailoverGroup? group) => NodeDesiredState.Empty with
    {
        Addresses = [new InterfaceAddress("lvs0", Vip), new InterfaceAddress("lvs0", OtherVip), new InterfaceAddress("lo", Vip)],
        Failover = group is null ? ImmutableSortedDictionary<byte, FailoverGroup>.Empty : ImmutableSortedDictionary<byte, FailoverGroup>.Empty.Add(51, group),
    };

    [Fact]
    public void The_gate_withholds_the_vips_of_groups_not_held_on_the_director_interface_only()
    {
        var desired = State(Group(100, Vip));

        var backup = FailoverGate.Apply(desired, new HashSet<IPAddress>(), "lvs0");
        var master = FailoverGate.Apply(desired, new HashSet<IPAddress> { Vip }, "lvs0");

        Assert.Equal(["192.0.2.121/32 dev lvs0", "192.0.2.120/32 dev lo"], backup.Addresses.Select(a => a.ToString()).Order(StringComparer.Ordinal).Reverse());
        Assert.Same(desired, master);
        Assert.Same(desired.Services, backup.Services);
    }

    [Fact]
    public void Without_failover_the_desired_state_passes_unchanged()
    {
        var desired = State(null);

        Assert.Same(desired, FailoverGate.Apply(desired, new HashSet<IPAddress>(), "lvs0"));
    }

    [Fact]
    public async Task The_higher_priority_node_holds_the_vips_and_a_backup_takes_over_when_it_stops()
    {
        var wire = new Wire();
        await using var a = new Node(wire, IPAddress.Parse("198.51.100.1"));
        await using var b = new Node(wire, IPAddress.Parse("198.51.100.2"));
        var sourceA = new StaticSource(State(Group(200, Vip)));
        var sourceB = new StaticSource(State(Group(100, Vip)));
        var gatedA = new FailoverGatedSource(sourceA, a.Coordinator, Options.Create(new AgentOptions()));
        var gatedB = new FailoverGatedSource(sourceB, b.Coordinator, Options.Create(new AgentOptions()));

        Assert.DoesNotContain(gatedA.Current!.Addresses, x => x.Interface == "lvs0" && x.Address.Equals(Vip));
        _ = gatedB.Current;
        await Until(() => a.Coordinator.Held.Contains(Vip), () => gatedA.WaitForChangeAsync(default));

        Assert.Contains(gatedA.Current!.Addresses, x => x.Interface == "lvs0" && x.Address.Equals(Vip));
        // On a loaded machine B's own master-down timer may fire before A's first advert reaches it; A's
        // higher priority then sends B back (RFC 5798's split-brain rule), which is what must hold.
        await Eventually.TrueAsync(() => b.Coordinator.Held.Count == 0, "the lower-priority node holding nothing");
        Assert.DoesNotContain(gatedB.Current!.Addresses, x => x.Interface == "lvs0" && x.Address.Equals(Vip));

        // The planner applied the VIP: only now does the new master announce it.
        Assert.Equal(0, a.Link!.Announced);
        await gatedA.ReportAsync(gatedA.Current!, new LvsOperator.Core.Publishing.CycleReport(new LvsOperator.Core.Planning.Plan([], []), []), default);
        Assert.True(a.Link.Announced > 0);
        // The report carries the routers' states to the slice status: who is active (issue 7).
        var reported = Assert.Single(sourceA.Reported!.Failover);
        Assert.Equal((51, FailoverRouterState.Master), (reported.VirtualRouterId, reported.State));
        Assert.Equal(FailoverRouterState.Backup, Assert.Single(b.Coordinator.Routers).State);

        await a.Coordinator.StopAsync(default);

        await Until(() => b.Coordinator.Held.Contains(Vip), () => gatedB.WaitForChangeAsync(default));
        Assert.Contains(gatedB.Current!.Addresses, x => x.Interface == "lvs0" && x.Address.Equals(Vip));
        Assert.True(wire.PriorityZeroSeen, "the stopping master said priority 0");
    }

    [Fact]
    public async Task A_changed_group_restarts_its_router_with_the_new_vips()
    {
        var wire = new Wire();
        await using var a = new Node(wire, IPAddress.Parse("198.51.100.1"));
        a.Coordinator.Configure(State(Group(200, Vip)).Failover);
        await Until(() => a.Coordinator.Held.Contains(Vip), () => a.Coordinator.WaitForChangeAsync(default));

        a.Coordinator.Configure(State(Group(200, Vip, OtherVip)).Failover);

        await Until(() => a.Coordinator.Held.SetEquals([Vip, OtherVip]), () => a.Coordinator.WaitForChangeAsync(default));
        Assert.Equal(2, a.Opened);
    }

    private static async Task Until(Func<bool> condition, Func<Task> wake)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (!condition())
        {
            await Task.WhenAny(wake(), Task.Delay(TimeSpan.FromMilliseconds(50), timeout.Token));
            Assert.False(timeout.IsCancellationRequested, "condition not met in time");
        }
    }

    private sealed class StaticSource(NodeDesiredState state) : IDesiredStateSource
    {
        public NodeDesiredState? Current => state;
        public LvsOperator.Core.Publishing.CycleReport? Reported { get; private set; }
        public Task WaitForChangeAsync(CancellationToken cancellationToken) => Task.Delay(Timeout.Infinite, cancellationToken);

        public Task ReportAsync(NodeDesiredState applied, LvsOperator.Core.Publishing.CycleReport cycle, CancellationToken cancellationToken)
        {
            Reported = cycle;
            return Task.CompletedTask;
        }
    }

    private sealed class Node : IAsyncDisposable
    {
        public Node(Wire wire, IPAddress primary)
        {
            // VrrpNice 0: the test host keeps its priority on a shared machine.
            Coordinator = new FailoverCoordinator(
                Options.Create(new AgentOptions { VrrpNice = 0 }), TimeProvider.System, NullLoggerFactory.Instance,
                new SyncDaemonControl(NullLogger<SyncDaemonControl>.Instance), NullLogger<FailoverCoordinator>.Instance)
            {
                OpenLink = (_, _) =>
                {
                    Opened++;
                    Link = new MemoryLink(wire, primary);
                    return ("eth0", Link);
                },
            };
        }

        public FailoverCoordinator Coordinator { get; }
        public MemoryLink? Link { get; private set; }
        public int Opened { get; private set; }

        public async ValueTask DisposeAsync()
        {
            await Coordinator.StopAsync(default);
            Coordinator.Dispose();
        }
    }

    /// <summary>A shared segment: what one link sends to the group, every other link receives, as a TTL-255 packet.</summary>
    private sealed class Wire
    {
        private readonly List<MemoryLink> _links = [];
        public bool PriorityZeroSeen { get; private set; }

        public void Attach(MemoryLink link) { lock (_links) _links.Add(link); }
        public void Detach(MemoryLink link) { lock (_links) _links.Remove(link); }

        public void Carry(MemoryLink from, IPAddress destination, ReadOnlyMemory<byte> payload)
        {
            if (payload.Span[2] == 0) PriorityZeroSeen = true; // VRRPv3 header: version/type, VRID, priority
            List<MemoryLink> others;
            lock (_links) others = _links.Where(l => l != from).ToList();
            foreach (var link in others) link.Deliver(payload.ToArray(), new VrrpIpHeader(from.PrimaryAddress, destination, 112, 255));
        }
    }

    private sealed class MemoryLink : IVrrpLink
    {
        private readonly Wire _wire;
        private readonly BlockingCollection<(ReadOnlyMemory<byte>, VrrpIpHeader)> _inbox = [];
        private (ReadOnlyMemory<byte>, VrrpIpHeader)? _next;

        public MemoryLink(Wire wire, IPAddress primary)
        {
            (_wire, PrimaryAddress) = (wire, primary);
            wire.Attach(this);
        }

        public IPAddress PrimaryAddress { get; }
        public int Announced { get; private set; }

        public void Deliver(ReadOnlyMemory<byte> payload, VrrpIpHeader header) => _inbox.Add((payload, header));

        public bool WaitForPacket(TimeSpan timeout)
        {
            if (_next is null && _inbox.TryTake(out var packet, timeout)) _next = packet;
            return _next is not null;
        }

        public (ReadOnlyMemory<byte> Payload, VrrpIpHeader Header) Receive()
        {
            var packet = _next!.Value;
            _next = null;
            return packet;
        }

        public void Send(IPAddress destination, ReadOnlyMemory<byte> payload) => _wire.Carry(this, destination, payload);

        public void Announce(ImmutableArray<IPAddress> addresses, int count) => Announced += addresses.Length * count;

        public void Dispose() => _wire.Detach(this);
    }
}
