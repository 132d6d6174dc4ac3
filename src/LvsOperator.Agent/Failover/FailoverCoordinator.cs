using System.Collections.Immutable;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Runtime;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Resources;
using LvsOperator.Netlink;
using LvsOperator.Netlink.Scheduling;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LvsOperator.Agent.Failover;

/// <summary>
/// Runs a <see cref="VrrpRouter"/> per failover group and address family of the desired state, says which VIPs
/// this node holds (<see cref="Held"/>), and wakes the reconcile loop when that changes. Election needs nothing
/// but the wire: with the API server gone, the last desired state keeps its routers running. On shutdown every
/// master sends priority 0.
/// </summary>
internal sealed partial class FailoverCoordinator(
    IOptions<AgentOptions> options, TimeProvider time, ILoggerFactory loggers, SyncDaemonControl syncDaemon, ILogger<FailoverCoordinator> logger)
    : IHostedService, IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(byte, AddressFamily), VrrpRouter> _routers = [];
    private readonly SemaphoreSlim _changed = new(0, 1);
    private ImmutableSortedDictionary<byte, FailoverGroup> _configured = ImmutableSortedDictionary<byte, FailoverGroup>.Empty;
    private bool _stopped;
    private bool _prioritised;

    /// <summary>Opens a group's link; tests put an in-memory one here.</summary>
    internal Func<FailoverGroup, AddressFamily, (string Interface, IVrrpLink Link)> OpenLink { get; set; } = (group, family) =>
    {
        var name = group.Interface ?? DefaultInterface(options.Value, family);
        return (name, VrrpSocketLink.Open(name, family, multicast: group.UnicastPeers.IsEmpty));
    };

    /// <summary>The VIPs of the groups this node is master of.</summary>
    public IReadOnlySet<IPAddress> Held
    {
        get
        {
            lock (_lock) return _routers.Values.Where(r => r.IsMaster).SelectMany(r => r.Addresses).ToHashSet();
        }
    }

    /// <summary>Each router's state, for the NodeSlice status.</summary>
    public IReadOnlyList<FailoverRouterStatus> Routers
    {
        get
        {
            lock (_lock) return _routers.OrderBy(r => r.Key).Select(r => r.Value.Report).ToList();
        }
    }

    public Task WaitForChangeAsync(CancellationToken cancellationToken) => _changed.WaitAsync(cancellationToken);

    /// <summary>Starts, restarts (settings changed) and stops routers to match <paramref name="groups"/>; cheap when nothing changed.</summary>
    public void Configure(ImmutableSortedDictionary<byte, FailoverGroup> groups)
    {
        List<VrrpRouter> retired = [];
        lock (_lock)
        {
            if (_stopped || (ReferenceEquals(groups, _configured) && _routers.Count == Wanted(groups).Count())) return;
            _configured = groups;
            var wanted = Wanted(groups).ToDictionary(w => (w.Group.VirtualRouterId, w.Family));
            foreach (var (key, router) in _routers.ToList())
            {
                if (wanted.TryGetValue(key, out var want) && want.Group.SameAs(router.Group)) continue;
                _routers.Remove(key);
                retired.Add(router);
            }

            foreach (var (key, want) in wanted.Where(w => !_routers.ContainsKey(w.Key))) Start(key, want.Group, want.Family);
        }

        if (retired.Count > 0) _ = RetireAsync(retired);
    }

    /// <summary>The reconcile loop applied <paramref name="state"/>: masters whose VIPs are now on the node announce them.</summary>
    public void Applied(NodeDesiredState state)
    {
        var present = state.Addresses.Select(a => a.Address).ToHashSet();
        lock (_lock) foreach (var router in _routers.Values.Where(r => r.IsMaster)) router.AddressesApplied(present);
    }

    private static IEnumerable<(FailoverGroup Group, AddressFamily Family)> Wanted(ImmutableSortedDictionary<byte, FailoverGroup> groups) =>
        groups.Values.SelectMany(g => g.Addresses.Select(a => a.AddressFamily).Distinct().Select(f => (g, f)));

    private void Start((byte, AddressFamily) key, FailoverGroup group, AddressFamily family)
    {
        if (!_prioritised) Prioritise();
        try
        {
            var (name, link) = OpenLink(group, family);
            var router = new VrrpRouter(
                group, family, name, link, time, loggers.CreateLogger<VrrpRouter>(), StateChanged, options.Value.VrrpRealTimePriority);
            _routers[key] = router;
            router.Start();
            LogStarted(group.VirtualRouterId, family, name, link.PrimaryAddress, group.Priority);
        }
        catch (Exception e) when (e is SocketException or InvalidOperationException or ArgumentException or NetworkInformationException)
        {
            // Not held: the VIPs stay off this node until a later cycle opens the link.
            LogCannotStart(group.VirtualRouterId, family, e.Message);
        }
    }

    /// <summary>
    /// Once, before the first router: the whole agent at <c>--vrrp-nice</c>, and the GC told to avoid blocking gen2
    /// collections. A blocking collection suspends the SCHED_RR advertisement thread as well, until threads of the
    /// normal policy finish it; on a busy node that was the master's periodic silence (issue 15).
    /// </summary>
    private void Prioritise()
    {
        _prioritised = true;
        GCSettings.LatencyMode = GCLatencyMode.SustainedLowLatency;
        LogLatencyMode(GCSettings.LatencyMode);
        var nice = options.Value.VrrpNice;
        if (nice == 0) return;
        var error = RealTime.TrySetProcessNice(nice);
        if (error == 0) LogNice(nice);
        else LogNiceRefused(nice, RealTime.Describe(error));
    }

    private void StateChanged(VrrpRouter router)
    {
        if (_changed.CurrentCount == 0) _changed.Release();
        // One sync daemon pair per node: the lowest VRID with connection sync drives it.
        VrrpRouter? leader;
        lock (_lock) leader = _routers.Values.Where(r => r.Group.ConnectionSync).OrderBy(r => r.Group.VirtualRouterId).ThenBy(r => r.Family).FirstOrDefault();
        if (leader == router) syncDaemon.Follow(router.IsMaster, router.Interface, router.Group.VirtualRouterId);
    }

    private async Task RetireAsync(List<VrrpRouter> routers)
    {
        foreach (var router in routers) await router.DisposeAsync().ConfigureAwait(false);
        if (_changed.CurrentCount == 0) _changed.Release();
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.LockMemory) return Task.CompletedTask;
        // Once, before any router runs: MCL_FUTURE locks what is mapped later (thread stacks, heap growth) as well.
        var error = RealTime.TryLockMemory();
        if (error == 0) LogMemoryLocked();
        else LogMemoryLockRefused(RealTime.Describe(error));
        return Task.CompletedTask;
    }

    /// <summary>Gives the VIPs of a graceful stop up; tests replace the kernel with a recorder.</summary>
    internal Func<IReadOnlyCollection<IPAddress>, CancellationToken, Task> ReleaseHeld { get; set; } = (addresses, cancellationToken) =>
        HeldAddressRelease.ReleaseAsync(options.Value.DirectorInterface, addresses, cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        List<VrrpRouter> routers;
        lock (_lock)
        {
            _stopped = true;
            routers = [.. _routers.Values];
            _routers.Clear();
        }

        var held = routers.Where(r => r.IsMaster).SelectMany(r => r.Addresses).ToList();
        // Priority 0 first (the backup takes over after Skew_Time), then the VIPs off this node.
        await Task.WhenAll(routers.Select(r => r.DisposeAsync().AsTask())).ConfigureAwait(false);
        try
        {
            await ReleaseHeld(held, cancellationToken).ConfigureAwait(false);
        }
        catch (NetlinkException e)
        {
            LogReleaseFailed(held.Count, e.Message);
        }
    }

    /// <summary>The agent's <c>--failover-interface</c>, else the first interface that is up, not loopback or the VIPs' dummy, with a usable address.</summary>
    private static string DefaultInterface(AgentOptions options, AddressFamily family) =>
        !string.IsNullOrEmpty(options.FailoverInterface) ? options.FailoverInterface
        : NetworkInterface.GetAllNetworkInterfaces()
              .Where(n => n.OperationalStatus is OperationalStatus.Up or OperationalStatus.Unknown && n.NetworkInterfaceType != NetworkInterfaceType.Loopback && n.Name != options.DirectorInterface)
              .FirstOrDefault(n => VrrpSocketLink.PrimaryOf(n, family) is not null)?.Name
          ?? throw new InvalidOperationException("no interface for VRRP: set spec.failover.interface or --failover-interface");

    public void Dispose() => _changed.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "VRRP {VirtualRouterId} ({Family}) on {Interface} from {Primary} at priority {Priority}")]
    private partial void LogStarted(byte virtualRouterId, AddressFamily family, string @interface, IPAddress primary, byte priority);

    [LoggerMessage(Level = LogLevel.Information, Message = "VRRP: the agent's threads at nice {Nice}, so a collection that suspends the advertisement thread ends as soon as it can")]
    private partial void LogNice(int nice);

    [LoggerMessage(Level = LogLevel.Warning, Message = "VRRP: nice {Nice} refused, a GC on a busy node can hold the advertisement thread: {Reason}")]
    private partial void LogNiceRefused(int nice, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "VRRP: GC latency mode {Mode}")]
    private partial void LogLatencyMode(GCLatencyMode mode);

    [LoggerMessage(Level = LogLevel.Information, Message = "VRRP: the agent's memory is locked (mlockall), no page fault can stall an advertisement")]
    private partial void LogMemoryLocked();

    [LoggerMessage(Level = LogLevel.Warning, Message = "VRRP: memory lock (mlockall) refused, a node under memory pressure can stall the election: {Reason}")]
    private partial void LogMemoryLockRefused(string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "VRRP: {Count} VIP(s) held at the stop not removed, they stay on this node: {Reason}")]
    private partial void LogReleaseFailed(int count, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "VRRP {VirtualRouterId} ({Family}) cannot start, its VIPs stay off this node: {Reason}")]
    private partial void LogCannotStart(byte virtualRouterId, AddressFamily family, string reason);
}
