using LvsOperator.Core.Resources;

namespace LvsOperator.Kubernetes.Models;

/// <summary>core/v1 ServiceStatus: the load balancer's addresses and conditions (written through the status subresource).</summary>
public sealed record ServiceStatus
{
    public LoadBalancerStatus? LoadBalancer { get; init; }

    /// <summary>Every implementation's conditions; a writer keeps the others' as it read them.</summary>
    public IReadOnlyList<Condition>? Conditions { get; init; }
}
