namespace LvsOperator.Netlink.Ipvs;

/// <summary>
/// The IPVS table of one network namespace. Errors are <see cref="NetlinkException"/>s with the
/// kernel's errno: adding what exists is EEXIST (<see cref="NetlinkException.IsAlreadyExists"/>);
/// a missing service is ESRCH and a missing destination ENOENT (<see cref="NetlinkException.IsNotFound"/>).
/// There is deliberately no flush: delete only what you own.
/// </summary>
public interface IIpvsClient : IDisposable
{
    /// <summary><c>IPVS_CMD_GET_INFO</c>: version and connection table size.</summary>
    Task<IpvsInfo> GetInfoAsync(CancellationToken cancellationToken = default);

    /// <summary>Dumps every service (<c>IPVS_CMD_GET_SERVICE</c> with <c>NLM_F_DUMP</c>).</summary>
    Task<IReadOnlyList<IpvsService>> GetServicesAsync(CancellationToken cancellationToken = default);

    /// <summary>Reads one service; ESRCH if it does not exist.</summary>
    Task<IpvsService> GetServiceAsync(IpvsServiceKey key, CancellationToken cancellationToken = default);

    /// <summary><c>IPVS_CMD_NEW_SERVICE</c>; EEXIST if it exists.</summary>
    Task AddServiceAsync(IpvsService service, CancellationToken cancellationToken = default);

    /// <summary><c>IPVS_CMD_SET_SERVICE</c>: scheduler, flags, timeout, netmask, engine; ESRCH if missing.</summary>
    Task UpdateServiceAsync(IpvsService service, CancellationToken cancellationToken = default);

    /// <summary><c>IPVS_CMD_DEL_SERVICE</c> with its destinations; ESRCH if missing.</summary>
    Task DeleteServiceAsync(IpvsServiceKey key, CancellationToken cancellationToken = default);

    /// <summary>Dumps the destinations of a service (the kernel answers an empty list for a missing service).</summary>
    Task<IReadOnlyList<IpvsDestination>> GetDestinationsAsync(IpvsServiceKey service, CancellationToken cancellationToken = default);

    /// <summary><c>IPVS_CMD_NEW_DEST</c>; EEXIST if it exists, ESRCH if the service is missing.</summary>
    Task AddDestinationAsync(IpvsServiceKey service, IpvsDestination destination, CancellationToken cancellationToken = default);

    /// <summary><c>IPVS_CMD_SET_DEST</c>: weight, method, thresholds in place; ENOENT if missing.</summary>
    Task UpdateDestinationAsync(IpvsServiceKey service, IpvsDestination destination, CancellationToken cancellationToken = default);

    /// <summary><c>IPVS_CMD_DEL_DEST</c>; ENOENT if missing.</summary>
    Task DeleteDestinationAsync(IpvsServiceKey service, IpvsDestinationKey destination, CancellationToken cancellationToken = default);

    /// <summary><c>IPVS_CMD_GET_CONFIG</c>: TCP, TCP FIN and UDP timeouts.</summary>
    Task<IpvsTimeouts> GetTimeoutsAsync(CancellationToken cancellationToken = default);

    /// <summary><c>IPVS_CMD_SET_CONFIG</c>; zero fields stay unchanged.</summary>
    Task SetTimeoutsAsync(IpvsTimeouts timeouts, CancellationToken cancellationToken = default);

    /// <summary>Dumps the running sync daemons (<c>IPVS_CMD_GET_DAEMON</c>).</summary>
    Task<IReadOnlyList<IpvsSyncDaemon>> GetSyncDaemonsAsync(CancellationToken cancellationToken = default);

    /// <summary><c>IPVS_CMD_NEW_DAEMON</c>; EEXIST if one runs in that role.</summary>
    Task StartSyncDaemonAsync(IpvsSyncDaemon daemon, CancellationToken cancellationToken = default);

    /// <summary><c>IPVS_CMD_DEL_DAEMON</c>; ESRCH if none runs in that role.</summary>
    Task StopSyncDaemonAsync(IpvsSyncState state, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs many changes in order, pipelined (several per <c>sendmsg</c> on the kernel), and reports
    /// each one's outcome; a failure does not stop the rest.
    /// </summary>
    Task<IpvsBatchResult> ExecuteAsync(IReadOnlyList<IpvsOperation> operations, CancellationToken cancellationToken = default);
}
