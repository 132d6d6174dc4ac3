using LvsOperator.Core.Resources;

namespace LvsOperator.Kubernetes.Models;

/// <summary>core/v1 Endpoints, for clusters or tools that still publish them instead of EndpointSlices.</summary>
public sealed record Endpoints : IKubernetesObject
{
    public string ApiVersion { get; init; } = "v1";
    public string Kind { get; init; } = "Endpoints";
    public ObjectMeta Metadata { get; init; } = new();
    public IReadOnlyList<EndpointSubset>? Subsets { get; init; }
}
