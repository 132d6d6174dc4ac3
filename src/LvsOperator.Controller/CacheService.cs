using Microsoft.Extensions.Hosting;

namespace LvsOperator.Controller;

/// <summary>Keeps the caches filled for the life of the process, so a standby that becomes leader decides at once.</summary>
public sealed class CacheService(ClusterCaches caches) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => caches.RunAsync(stoppingToken);
}
