using System.Net.Sockets;
using LvsOperator.Netlink;
using LvsOperator.Netlink.Connection;
using LvsOperator.Netlink.Ipvs;
using Microsoft.Extensions.Logging;

namespace LvsOperator.Agent.Failover;

/// <summary>
/// The kernel's IPVS connection-sync daemons follow the election (issue 7): the master runs the master daemon,
/// a backup the backup one, so a new master already knows the established connections. One worker applies the
/// latest wanted role, off the election loop: a role asked for again is no change, and roles asked for while a
/// call is under way collapse into the last one, so one unanswered call never queues the later role changes
/// behind it. A failed or unanswered call is retried, state read afresh on a new socket, after a growing delay.
/// </summary>
/// <remarks>
/// Unanswered calls are real: a daemon stopped before its kernel thread first ran makes stop_sync_thread return
/// kthread_stop()'s -EINTR, and netlink_rcv_skb() sends no ACK for -EINTR; the daemon is stopped all the same
/// (tests/lab/failover/README.md, "The sync daemon that did not answer").
/// </remarks>
internal sealed partial class SyncDaemonControl(ILogger<SyncDaemonControl> logger) : IDisposable
{
    /// <summary>
    /// Longest wait for the kernel's answer to one daemon command. The kernel handles a generic netlink request
    /// inside sendmsg and queues the ACK before sendmsg returns (net/netlink/af_netlink.c, netlink_rcv_skb), so an
    /// answer missing after a second will not come: waiting the connection's 30 s only holds later roles back.
    /// </summary>
    public static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private IpvsSyncDaemon? _wanted;
    private IpvsSyncDaemon? _applied;
    private Task? _worker;
    private IIpvsClient? _ipvs;

    /// <summary>Opens the kernel client; tests put an in-memory table here.</summary>
    internal Func<CancellationToken, Task<IIpvsClient>> Open { get; set; } = async cancellationToken =>
        await IpvsClient.OpenAsync(new NetlinkConnectionOptions { ReplyTimeout = ReplyTimeout }, cancellationToken).ConfigureAwait(false);

    /// <summary>The first wait after a failed call; it doubles up to 30 s.</summary>
    internal TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Wants the daemon of <paramref name="master"/>'s role on <paramref name="interface"/>; returns at once.</summary>
    public void Follow(bool master, string @interface, byte syncId)
    {
        var wanted = new IpvsSyncDaemon(master ? IpvsSyncState.Master : IpvsSyncState.Backup, @interface, syncId);
        lock (_lock)
        {
            if (wanted == _wanted) return;
            _wanted = wanted;
            _worker ??= Task.Run(() => RunAsync(_stop.Token));
            if (_wake.CurrentCount == 0) _wake.Release();
        }
    }

    /// <summary>
    /// Makes the kernel run <paramref name="wanted"/> with the fewest commands: nothing when it already runs in
    /// that role, interface and sync id; the other role's daemon stopped (keepalived's ipvs_syncd_master and
    /// ipvs_syncd_backup do the same); a daemon of the role with other settings restarted.
    /// </summary>
    public static async Task ApplyAsync(IIpvsClient ipvs, IpvsSyncDaemon wanted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ipvs);
        ArgumentNullException.ThrowIfNull(wanted);
        var other = wanted.State == IpvsSyncState.Master ? IpvsSyncState.Backup : IpvsSyncState.Master;
        var running = await ipvs.GetSyncDaemonsAsync(cancellationToken).ConfigureAwait(false);
        if (running.Any(d => d.State == other)) await ipvs.StopSyncDaemonAsync(other, cancellationToken).ConfigureAwait(false);
        var current = running.FirstOrDefault(d => d.State == wanted.State);
        if (current is not null && (current.MulticastInterface != wanted.MulticastInterface || current.SyncId != wanted.SyncId))
        {
            await ipvs.StopSyncDaemonAsync(wanted.State, cancellationToken).ConfigureAwait(false);
            current = null;
        }

        if (current is null) await ipvs.StartSyncDaemonAsync(wanted, cancellationToken).ConfigureAwait(false);
    }

    private async Task RunAsync(CancellationToken stop)
    {
        var retry = TimeSpan.Zero;
        try
        {
            while (true)
            {
                // After a failure: woken early by a new wish, else the same one again when the delay is over.
                if (retry == TimeSpan.Zero) await _wake.WaitAsync(stop).ConfigureAwait(false);
                else await _wake.WaitAsync(retry, stop).ConfigureAwait(false);
                IpvsSyncDaemon? wanted;
                lock (_lock) wanted = _wanted == _applied ? null : _wanted;
                retry = wanted is null ? TimeSpan.Zero : await TryApplyAsync(wanted, retry, stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        finally
        {
            _ipvs?.Dispose();
        }
    }

    /// <summary>One attempt; returns the delay before the next (zero: done).</summary>
    private async Task<TimeSpan> TryApplyAsync(IpvsSyncDaemon wanted, TimeSpan retry, CancellationToken stop)
    {
        try
        {
            _ipvs ??= await Open(stop).ConfigureAwait(false);
            await ApplyAsync(_ipvs, wanted, stop).ConfigureAwait(false);
            lock (_lock) _applied = wanted;
            LogSyncDaemon(wanted.State, wanted.MulticastInterface, wanted.SyncId);
            return TimeSpan.Zero;
        }
        catch (Exception e) when (e is NetlinkException or SocketException)
        {
            // Whatever the socket still holds belongs to the failed exchange: a fresh one next time.
            _ipvs?.Dispose();
            _ipvs = null;
            var next = retry == TimeSpan.Zero ? RetryDelay : TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, MaxRetryDelay.Ticks));
            LogSyncDaemonFailed(wanted.State, e.Message, next);
            return next;
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        Task? worker;
        lock (_lock) worker = _worker;
        // The worker ends at the cancellation and closes its socket; a kernel call it waits on is bounded by ReplyTimeout.
        worker?.Wait(ReplyTimeout + ReplyTimeout);
        _stop.Dispose();
        _wake.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "IPVS sync daemon: {Role} on {Interface}, sync id {SyncId}")]
    private partial void LogSyncDaemon(IpvsSyncState role, string @interface, uint syncId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "IPVS sync daemon could not follow the election (wanted: {Role}): {Reason}; next attempt in {Retry}")]
    private partial void LogSyncDaemonFailed(IpvsSyncState role, string reason, TimeSpan retry);
}
