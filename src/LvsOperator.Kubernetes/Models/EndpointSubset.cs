namespace LvsOperator.Kubernetes.Models;

/// <summary>Addresses that share a set of ports.</summary>
public sealed record EndpointSubset
{
    public IReadOnlyList<EndpointAddress>? Addresses { get; init; }
    public IReadOnlyList<EndpointAddress>? NotReadyAddresses { get; init; }
    public IReadOnlyList<EndpointPort>? Ports { get; init; }
}
