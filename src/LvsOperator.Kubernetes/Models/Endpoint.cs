namespace LvsOperator.Kubernetes.Models;

/// <summary>One endpoint of an EndpointSlice: usually one pod, with one address per family.</summary>
public sealed record Endpoint
{
    public IReadOnlyList<string> Addresses { get; init; } = [];
    public EndpointConditions? Conditions { get; init; }
    public string? NodeName { get; init; }
    public ObjectReference? TargetRef { get; init; }
}
