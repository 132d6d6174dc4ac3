namespace LvsOperator.Core.Resources;

/// <summary>Kubernetes <c>metav1.OwnerReference</c>: the garbage collector deletes an object with its controller owner.</summary>
public sealed record OwnerReference
{
    public string ApiVersion { get; init; } = "";
    public string Kind { get; init; } = "";
    public string Name { get; init; } = "";
    public string Uid { get; init; } = "";
    public bool? Controller { get; init; }
    public bool? BlockOwnerDeletion { get; init; }
}
