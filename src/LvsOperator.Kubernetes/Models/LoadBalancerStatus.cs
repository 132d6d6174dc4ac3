namespace LvsOperator.Kubernetes.Models;

/// <summary>core/v1 LoadBalancerStatus: what <c>kubectl get svc</c> shows as EXTERNAL-IP.</summary>
public sealed record LoadBalancerStatus
{
    public IReadOnlyList<LoadBalancerIngress>? Ingress { get; init; }
}
