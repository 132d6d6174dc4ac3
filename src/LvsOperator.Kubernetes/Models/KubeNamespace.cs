using LvsOperator.Core.Resources;

namespace LvsOperator.Kubernetes.Models;

/// <summary>core/v1 Namespace (named apart from the C# keyword): its labels (in metadata), which AddressPools' namespace selectors match.</summary>
public sealed record KubeNamespace : IKubernetesObject
{
    public string ApiVersion { get; init; } = "v1";
    public string Kind { get; init; } = "Namespace";
    public ObjectMeta Metadata { get; init; } = new();
}
