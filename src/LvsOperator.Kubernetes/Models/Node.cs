using LvsOperator.Core.Resources;

namespace LvsOperator.Kubernetes.Models;

/// <summary>core/v1 Node: labels (in metadata) for director selection, addresses, cordon state.</summary>
public sealed record Node : IKubernetesObject
{
    public string ApiVersion { get; init; } = "v1";
    public string Kind { get; init; } = "Node";
    public ObjectMeta Metadata { get; init; } = new();
    public NodeSpec Spec { get; init; } = new();
    public NodeStatus Status { get; init; } = new();
}
