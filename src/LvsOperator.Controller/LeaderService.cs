using k8s;
using k8s.Autorest;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using LvsOperator.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LvsOperator.Controller;

/// <summary>
/// Runs the controller loop while this replica holds the coordination.k8s.io Lease, and only then: two
/// replicas never write at once. A lost Lease stops the loop; the replica goes back to waiting for it. An API
/// server that cannot be reached is waited for, never a reason to exit; a graceful stop gives the Lease up.
/// </summary>
public sealed partial class LeaderService(
    ControllerLoop loop, KubernetesClientConfiguration config, ClusterCaches caches, ReconcileHealth health,
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

        using var client = new k8s.Kubernetes(config);
        var lease = new LeaseLock(client, settings.LeaderElectionNamespace, settings.LeaderElectionId, settings.Identity);
        var standing = StandByWhenSyncedAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await LeadOnceAsync(lease, settings, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // KubernetesClient's elector lets a refused or reset connection escape; the host would stop (issue 12).
                LogElectionFailed(e.GetBaseException().Message, settings.RetryPeriod);
                await Task.Delay(settings.RetryPeriod, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }

        // The loop has stopped writing by now, so another replica may start. Asked whatever this replica's last
        // term looked like: one that ended just before the stop (a dropped connection) may still hold the Lease.
        await ReleaseAsync(client, settings);
        await standing;
    }

    /// <summary>One term: waits for the Lease, leads until it is lost or the host stops, and stops the loop.</summary>
    private async Task LeadOnceAsync(LeaseLock lease, ControllerOptions settings, CancellationToken stoppingToken)
    {
        using var elector = new LeaderElector(new LeaderElectionConfig(lease)
        {
            LeaseDuration = settings.LeaseDuration,
            RenewDeadline = settings.RenewDeadline,
            RetryPeriod = settings.RetryPeriod,
        });
        using var leading = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        Task running = Task.CompletedTask;
        elector.OnStartedLeading += () =>
        {
            SetLeading(true);
            LogLeading(settings.Identity, settings.LeaderElectionNamespace, settings.LeaderElectionId);
            running = loop.RunAsync(settings.ResyncInterval, leading.Token);
        };
        elector.OnStoppedLeading += () =>
        {
            SetLeading(false);
            if (!stoppingToken.IsCancellationRequested) LogLost(settings.Identity);
        };
        elector.OnError += e =>
        {
            // The elector reports the 404 of a Lease not created yet as an error too.
            if (stoppingToken.IsCancellationRequested || e is HttpOperationException { Response.StatusCode: System.Net.HttpStatusCode.NotFound }) return;
            LogElectionError(e.GetBaseException().Message);
        };
        try
        {
            await elector.RunUntilLeadershipLostAsync(stoppingToken);
        }
        finally
        {
            await leading.CancelAsync();
            await running.ContinueWith(t => t.Exception is { } e ? LogLoopFailed(e) : default, TaskScheduler.Default);
        }
    }

    private async Task ReleaseAsync(k8s.Kubernetes client, ControllerOptions settings)
    {
        using var bound = new CancellationTokenSource(settings.RenewDeadline, time);
        try
        {
            var released = await LeaseRelease.ReleaseAsync(
                client, settings.LeaderElectionNamespace, settings.LeaderElectionId, settings.Identity, time.GetUtcNow().UtcDateTime, bound.Token);
            if (released) LogReleased(settings.Identity);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Leader election could not reach the API server ({Reason}); trying again in {Delay}")]
    private partial void LogElectionFailed(string reason, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Leader election: {Reason}")]
    private partial void LogElectionError(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} released the Lease on shutdown")]
    private partial void LogReleased(string identity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release the Lease on shutdown ({Reason}); it lapses on its own")]
    private partial void LogReleaseFailed(string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The controller loop failed")]
    private partial void LogLoopError(Exception error);
}
