namespace LvsOperator.Kubernetes.Models;

/// <summary>
/// discovery/v1 EndpointConditions. Absent values mean "unknown" and consumers read them as true for ready
/// and serving, false for terminating (the API's own documented interpretation).
/// </summary>
public sealed record EndpointConditions
{
    public bool? Ready { get; init; }
    public bool? Serving { get; init; }
    public bool? Terminating { get; init; }
}
