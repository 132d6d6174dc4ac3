using LvsOperator.Netlink;
using LvsOperator.Netlink.Ipvs;
using Microsoft.Extensions.Logging;

namespace LvsOperator.Agent.Failover;

/// <summary>
/// The kernel's IPVS connection-sync daemons follow the election (issue 7): the master runs the master daemon,
/// a backup the backup one, so a new master already knows the established connections. Role changes are
/// applied in order, one at a time, off the election loop.
/// </summary>
internal sealed partial class SyncDaemonControl(ILogger<SyncDaemonControl> logger) : IDisposable
{
    private readonly SemaphoreSlim _one = new(1, 1);
    private IpvsClient? _ipvs;

    public void Follow(bool master, string @interface, byte syncId) => _ = SetAsync(master, @interface, syncId);

    private async Task SetAsync(bool master, string @interface, byte syncId)
    {
        await _one.WaitAsync().ConfigureAwait(false);
        try
        {
            _ipvs ??= await IpvsClient.OpenAsync().ConfigureAwait(false);
            var (stop, start) = master ? (IpvsSyncState.Backup, IpvsSyncState.Master) : (IpvsSyncState.Master, IpvsSyncState.Backup);
            var running = await _ipvs.GetSyncDaemonsAsync().ConfigureAwait(false);
            if (running.Any(d => d.State == stop)) await _ipvs.StopSyncDaemonAsync(stop).ConfigureAwait(false);
            var current = running.FirstOrDefault(d => d.State == start);
            if (current is not null && (current.MulticastInterface != @interface || current.SyncId != syncId))
            {
                await _ipvs.StopSyncDaemonAsync(start).ConfigureAwait(false);
                current = null;
            }

            if (current is null) await _ipvs.StartSyncDaemonAsync(new IpvsSyncDaemon(start, @interface, syncId)).ConfigureAwait(false);
            LogSyncDaemon(start, @interface, syncId);
        }
        catch (NetlinkException e)
        {
            LogSyncDaemonFailed(master, e.Message);
        }
        finally
        {
            _one.Release();
        }
    }

    public void Dispose()
    {
        _ipvs?.Dispose();
        _one.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "IPVS sync daemon: {Role} on {Interface}, sync id {SyncId}")]
    private partial void LogSyncDaemon(IpvsSyncState role, string @interface, byte syncId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "IPVS sync daemon could not follow the election (master: {Master}): {Reason}")]
    private partial void LogSyncDaemonFailed(bool master, string reason);
}
