using LvsOperator.Netlink.Ipvs;

namespace LvsOperator.Netlink.Testing;

/// <summary>
/// An <see cref="IIpvsClient"/> that keeps the table in memory and answers like the kernel
/// (net/netfilter/ipvs/ip_vs_ctl.c): EEXIST on duplicate adds, ESRCH for a missing service,
/// ENOENT for a missing destination or unknown scheduler, ERANGE for a negative weight or a lower
/// threshold above the upper, EINVAL for a mixed-family destination that is not TUN; updates in
/// place; <see cref="IpvsServiceFlags.Hashed"/> reported on every listed service; destinations of a
/// missing service dump as empty. It passes the same contract suite as the kernel.
/// </summary>
public sealed partial class InMemoryIpvs : IIpvsClient
{
    /// <summary>Schedulers that ship with the kernel (ip_vs_*.c); others fail with ENOENT as an unloadable module would.</summary>
    private static readonly HashSet<string> Schedulers = ["rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "fo", "ovf", "mh", "twos"];

    private readonly object _lock = new();
    private readonly Dictionary<IpvsServiceKey, Entry> _services = [];
    private readonly Dictionary<IpvsSyncState, IpvsSyncDaemon> _daemons = [];
    private IpvsTimeouts _timeouts = new(900, 120, 300);

    /// <summary>Counts every call, for tests that check how a caller talks to IPVS.</summary>
    public int CallCount { get; private set; }

    /// <inheritdoc/>
    public Task<IpvsInfo> GetInfoAsync(CancellationToken cancellationToken = default) =>
        Run(() => new IpvsInfo(0x010201, 4096), cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<IpvsService>> GetServicesAsync(CancellationToken cancellationToken = default) =>
        Run<IReadOnlyList<IpvsService>>(() => [.. _services.Values.Select(e => e.Service)], cancellationToken);

    /// <inheritdoc/>
    public Task<IpvsService> GetServiceAsync(IpvsServiceKey key, CancellationToken cancellationToken = default) =>
        Run(() => Find(key, "IPVS_CMD_GET_SERVICE").Service, cancellationToken);

    /// <inheritdoc/>
    public Task AddServiceAsync(IpvsService service, CancellationToken cancellationToken = default) =>
        Run(() => AddService(service), cancellationToken);

    /// <inheritdoc/>
    public Task UpdateServiceAsync(IpvsService service, CancellationToken cancellationToken = default) =>
        Run(() => UpdateService(service), cancellationToken);

    /// <inheritdoc/>
    public Task DeleteServiceAsync(IpvsServiceKey key, CancellationToken cancellationToken = default) =>
        Run(() => DeleteService(key), cancellationToken);

    /// <inheritdoc/>
    public Task<IReadOnlyList<IpvsDestination>> GetDestinationsAsync(IpvsServiceKey service, CancellationToken cancellationToken = default) =>
        Run<IReadOnlyList<IpvsDestination>>(
            () => _services.TryGetValue(service, out Entry? entry) ? [.. entry.Order.Select(k => entry.Destinations[k])] : [],
            cancellationToken);

    /// <inheritdoc/>
    public Task AddDestinationAsync(IpvsServiceKey service, IpvsDestination destination, CancellationToken cancellationToken = default) =>
        Run(() => AddDestination(service, destination), cancellationToken);

    /// <inheritdoc/>
    public Task UpdateDestinationAsync(IpvsServiceKey service, IpvsDestination destination, CancellationToken cancellationToken = default) =>
        Run(() => UpdateDestination(service, destination), cancellationToken);

    /// <inheritdoc/>
    public Task DeleteDestinationAsync(IpvsServiceKey service, IpvsDestinationKey destination, CancellationToken cancellationToken = default) =>
        Run(() => DeleteDestination(service, destination), cancellationToken);

    /// <inheritdoc/>
    public Task<IpvsTimeouts> GetTimeoutsAsync(CancellationToken cancellationToken = default) => Run(() => _timeouts, cancellationToken);

    /// <inheritdoc/>
    public Task SetTimeoutsAsync(IpvsTimeouts timeouts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(timeouts);
        return Run(
            () => _timeouts = new IpvsTimeouts(
                timeouts.Tcp == 0 ? _timeouts.Tcp : timeouts.Tcp,
                timeouts.TcpFin == 0 ? _timeouts.TcpFin : timeouts.TcpFin,
                timeouts.Udp == 0 ? _timeouts.Udp : timeouts.Udp),
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<IpvsSyncDaemon>> GetSyncDaemonsAsync(CancellationToken cancellationToken = default) =>
        Run<IReadOnlyList<IpvsSyncDaemon>>(() => [.. _daemons.OrderBy(d => d.Key).Select(d => d.Value)], cancellationToken);

    /// <inheritdoc/>
    public Task StartSyncDaemonAsync(IpvsSyncDaemon daemon, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(daemon);
        return Run(
            () =>
            {
                if (!_daemons.TryAdd(daemon.State, WithDefaults(daemon)))
                {
                    throw new NetlinkException(Errnos.EEXIST, "IPVS_CMD_NEW_DAEMON", null);
                }
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task StopSyncDaemonAsync(IpvsSyncState state, CancellationToken cancellationToken = default) =>
        Run(
            () =>
            {
                if (!_daemons.Remove(state))
                {
                    throw new NetlinkException(Errnos.ESRCH, "IPVS_CMD_DEL_DAEMON", null);
                }
            },
            cancellationToken);

    /// <inheritdoc/>
    public Task<IpvsBatchResult> ExecuteAsync(IReadOnlyList<IpvsOperation> operations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operations);
        return Run(() => new IpvsBatchResult([.. operations.Select(Apply)]), cancellationToken);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
    }

    private Task<T> Run<T>(Func<T> action, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            CallCount++;
            try
            {
                return Task.FromResult(action());
            }
            catch (NetlinkException e)
            {
                return Task.FromException<T>(e);
            }
        }
    }

    private Task<bool> Run(Action action, CancellationToken cancellationToken) => Run(
        () =>
        {
            action();
            return true;
        },
        cancellationToken);

    private sealed class Entry(IpvsService service)
    {
        public IpvsService Service { get; set; } = service;

        public Dictionary<IpvsDestinationKey, IpvsDestination> Destinations { get; } = [];

        /// <summary>The kernel's list, as a dump walks it: a new destination goes to the head (ip_vs_ctl.c, list_add_rcu).</summary>
        public List<IpvsDestinationKey> Order { get; } = [];
    }
}
