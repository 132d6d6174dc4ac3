namespace LvsOperator.Kubernetes.Models;

/// <summary>core/v1 ServiceStatus: the load balancer's addresses (written through the status subresource).</summary>
public sealed record ServiceStatus
{
    public LoadBalancerStatus? LoadBalancer { get; init; }
}
