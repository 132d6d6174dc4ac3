namespace LvsOperator.Kubernetes.Models;

/// <summary>core/v1 ObjectReference: what an endpoint is (a pod) or what an event is about.</summary>
public sealed record ObjectReference
{
    public string? ApiVersion { get; init; }
    public string? Kind { get; init; }
    public string? Namespace { get; init; }
    public string? Name { get; init; }
    public string? Uid { get; init; }
    public string? ResourceVersion { get; init; }
}
