using k8s;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LvsOperator.Controller;

/// <summary>
/// Runs the controller loop while this replica holds the coordination.k8s.io Lease, and only then: two
/// replicas never write at once. A lost Lease stops the loop; the replica goes back to waiting for it.
/// </summary>
public sealed partial class LeaderService(
    ControllerLoop loop, KubernetesClientConfiguration config, IOptions<ControllerOptions> options, ILogger<LeaderService> logger)
    : BackgroundService
{
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
        while (!stoppingToken.IsCancellationRequested)
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
                LogLeading(settings.Identity, settings.LeaderElectionNamespace, settings.LeaderElectionId);
                running = loop.RunAsync(settings.ResyncInterval, leading.Token);
            };
            elector.OnStoppedLeading += () => LogLost(settings.Identity);
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

    [LoggerMessage(Level = LogLevel.Error, Message = "The controller loop failed")]
    private partial void LogLoopError(Exception error);
}
