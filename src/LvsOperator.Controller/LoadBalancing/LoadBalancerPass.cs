using LvsOperator.Kubernetes.Client;
using LvsOperator.Kubernetes.Models;

namespace LvsOperator.Controller.LoadBalancing;

/// <summary>
/// One LoadBalancer pass of the leader: decide from the caches, and when that gives some Service an address it
/// does not hold yet, decide again from a quorum list of the Services before writing. A cache may lag the last
/// write (this replica's own, or the previous leader's), and an address decided from it could be one a Service
/// already holds; the list is the API server's newest state, and only the Lease holder writes after it.
/// </summary>
public sealed class LoadBalancerPass(ClusterCaches caches, KubeApiClient api, LoadBalancerWriter writer, bool defaultImplementation, TimeProvider time)
{
    private readonly ResourceClient<Service> _services = api.Resource(ResourceTypes.Services);

    public async Task<bool> RunAsync(CancellationToken cancellationToken)
    {
        var cached = caches.LoadBalancers(time.GetUtcNow(), defaultImplementation);
        var input = cached with { Pools = cached.Pools.Select(writer.Pools.Newest).ToList() };
        var output = LoadBalancerDecisions.Decide(input);
        if (output.Assigns)
        {
            try
            {
                var fresh = await _services.ListAsync(cancellationToken: cancellationToken);
                output = LoadBalancerDecisions.Decide(input with { Services = fresh.Items });
            }
            catch (Exception e) when (e is KubeApiException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // No address is written from the cache alone; the pass fails and is retried with backoff.
                return false;
            }
        }

        return await writer.WriteAsync(output, cancellationToken);
    }
}
