using LvsOperator.Core.Resources;

namespace LvsOperator.Kubernetes.Models;

/// <summary>coordination.k8s.io/v1 Lease: the controller's leader election (<see cref="Leases.LeaseElector"/>).</summary>
public sealed record Lease : IKubernetesObject
{
    public string ApiVersion { get; init; } = "coordination.k8s.io/v1";
    public string Kind { get; init; } = "Lease";
    public ObjectMeta Metadata { get; init; } = new();
    public LeaseSpec? Spec { get; init; }
}
