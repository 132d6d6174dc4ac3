using LvsOperator.Core.Resources;

namespace LvsOperator.Kubernetes.Client;

/// <summary>One event of a watch. A bookmark's <see cref="Value"/> holds nothing but its resourceVersion.</summary>
public sealed record WatchEvent<T>(WatchEventType Type, T Value)
    where T : class, IKubernetesObject
{
    public string? ResourceVersion => Value.Metadata.ResourceVersion;
}
