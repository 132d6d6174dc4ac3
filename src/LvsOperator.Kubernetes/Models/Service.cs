using LvsOperator.Core.Resources;

namespace LvsOperator.Kubernetes.Models;

/// <summary>core/v1 Service: the fields a VirtualService backed by a Service reads, and a LoadBalancer's status.</summary>
public sealed record Service : IKubernetesObject
{
    public string ApiVersion { get; init; } = "v1";
    public string Kind { get; init; } = "Service";
    public ObjectMeta Metadata { get; init; } = new();
    public ServiceSpec Spec { get; init; } = new();
    public ServiceStatus? Status { get; init; }
}
