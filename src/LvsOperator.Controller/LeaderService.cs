using LvsOperator.Hosting;
using LvsOperator.Kubernetes.Client;
using LvsOperator.Kubernetes.Leases;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LvsOperator.Controller;

/// <summary>
/// Runs the controller loop while this replica holds the coordination.k8s.io Lease, and only then: two
/// replicas never write at once. A lost Lease stops the loop; the replica goes back to waiting for it. An API
/// server that cannot be reached is waited for, never a reason to exit; a graceful stop gives the Lease up, and so
/// does a loop that fails while this replica leads: a held Lease with nothing deciding under it would keep every
/// standby out for good.
/// </summary>
public sealed partial class LeaderService(
    IControllerLoop loop, KubeApiClient api, ClusterCaches caches, ReconcileHealth health,
    IOptions<ControllerOptions> options, TimeProvider time, ILogger<LeaderService> logger) : BackgroundService
{
    private readonly Lock _gate = new();
    private bool _leading;
    private bool _synced;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.LeaderElect)
        {
            await loop.RunAsync(settings.ResyncInterval, stoppingToken);
            return;
        }

        var elector = new LeaseElector(api.Resource(ResourceTypes.Leases), new LeaseElectorOptions
        {
            Namespace = settings.LeaderElectionNamespace, Name = settings.LeaderElectionId, Identity = settings.Identity,
            LeaseDuration = settings.LeaseDuration, RenewDeadline = settings.RenewDeadline, RetryPeriod = settings.RetryPeriod,
        }, time, logger);
        var standing = StandByWhenSyncedAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await LeadOnceAsync(elector, settings, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
        }

        // The loop has stopped writing by now, so another replica may start. Asked whatever this replica's last
        // term looked like: one that ended just before the stop (a dropped connection) may still hold the Lease.
        await ReleaseAsync(elector, settings);
        await standing;
    }

    /// <summary>
    /// One term: waits for the Lease, leads until it is lost, the host stops or the loop fails, and stops the loop.
    /// After a failed loop the Lease is released and this replica stands aside for one LeaseDuration, so that a
    /// standby, whose loop may well run, takes over first.
    /// </summary>
    private async Task LeadOnceAsync(LeaseElector elector, ControllerOptions settings, CancellationToken stoppingToken)
    {
        await elector.AcquireAsync(stoppingToken);
        SetLeading(true);
        LogLeading(settings.Identity, settings.LeaderElectionNamespace, settings.LeaderElectionId);
        using var leading = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var running = loop.RunAsync(settings.ResyncInterval, leading.Token);
        var holding = elector.HoldAsync(leading.Token);
        var failed = false;
        try
        {
            failed = await Task.WhenAny(holding, running) == running && !stoppingToken.IsCancellationRequested;
            if (!failed)
            {
                await holding;
                LogLost(settings.Identity);
            }
        }
        finally
        {
            await leading.CancelAsync();
            await running.ContinueWith(t => t.Exception is { } e ? LogLoopFailed(e) : default, TaskScheduler.Default);
            await holding.ContinueWith(_ => { }, TaskScheduler.Default);
            SetLeading(false);
        }

        if (!failed) return;
        LogSteppingDown(settings.Identity, settings.LeaseDuration);
        await ReleaseAsync(elector, settings);
        await Task.Delay(settings.LeaseDuration, time, stoppingToken);
    }

    private async Task ReleaseAsync(LeaseElector elector, ControllerOptions settings)
    {
        using var bound = new CancellationTokenSource(settings.RenewDeadline, time);
        try
        {
            if (await elector.ReleaseAsync(bound.Token)) LogReleased(settings.Identity);
        }
        catch (Exception e)
        {
            // The Lease then lapses on its own, LeaseDuration after the last renewal.
            LogReleaseFailed(e.GetBaseException().Message);
        }
    }

    /// <summary>A replica that does not lead is ready once its caches are synced: it can take over at once.</summary>
    private async Task StandByWhenSyncedAsync(CancellationToken stoppingToken)
    {
        try
        {
            await caches.WaitForSyncAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        lock (_gate)
        {
            _synced = true;
            if (!_leading) health.Standby();
        }
    }

    private void SetLeading(bool leading)
    {
        lock (_gate)
        {
            _leading = leading;
            if (leading) health.Leading();
            else if (_synced) health.Standby();
        }
    }

    private bool LogLoopFailed(AggregateException error)
    {
        LogLoopError(error.GetBaseException());
        return false;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} leads (Lease {Namespace}/{Name}); deciding and writing")]
    private partial void LogLeading(string identity, string @namespace, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Identity} lost the Lease; stopped writing")]
    private partial void LogLost(string identity);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Identity} stopped deciding while it led; released the Lease and stands aside for {Pause}")]
    private partial void LogSteppingDown(string identity, TimeSpan pause);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} released the Lease")]
    private partial void LogReleased(string identity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release the Lease ({Reason}); it lapses on its own")]
    private partial void LogReleaseFailed(string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The controller loop failed")]
    private partial void LogLoopError(Exception error);
}
