namespace LvsOperator.Core.Resources;

/// <summary>The subset of Kubernetes <c>metav1.ObjectMeta</c> that LvsOperator reads.</summary>
public sealed record ObjectMeta
{
    public string Name { get; init; } = "";
    public string? Namespace { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }
    public long? Generation { get; init; }
    public string? Uid { get; init; }
    public string? ResourceVersion { get; init; }
    public DateTimeOffset? CreationTimestamp { get; init; }
    public DateTimeOffset? DeletionTimestamp { get; init; }
    public IReadOnlyList<string>? Finalizers { get; init; }
    public IReadOnlyList<OwnerReference>? OwnerReferences { get; init; }
}
