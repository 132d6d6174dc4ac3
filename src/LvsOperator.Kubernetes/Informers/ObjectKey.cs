using LvsOperator.Core.Resources;

namespace LvsOperator.Kubernetes.Informers;

/// <summary>An object's identity in a cache and a work queue: namespace (null for cluster-scoped) and name.</summary>
public readonly record struct ObjectKey(string? Namespace, string Name)
{
    public static ObjectKey Of(IKubernetesObject value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(string.IsNullOrEmpty(value.Metadata.Namespace) ? null : value.Metadata.Namespace, value.Metadata.Name);
    }

    /// <summary><c>namespace/name</c>, or the name alone, as client-go spells keys.</summary>
    public override string ToString() => Namespace is null ? Name : $"{Namespace}/{Name}";
}
