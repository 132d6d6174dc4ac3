using LvsOperator.Core.Resources;

namespace LvsOperator.Kubernetes.Models;

/// <summary>discovery.k8s.io/v1 EndpointSlice: one slice of a Service's endpoints, of one address family.</summary>
public sealed record EndpointSlice : IKubernetesObject
{
    /// <summary>The label that names the slice's Service; select on it to read a Service's slices.</summary>
    public const string ServiceNameLabel = "kubernetes.io/service-name";

    public string ApiVersion { get; init; } = "discovery.k8s.io/v1";
    public string Kind { get; init; } = "EndpointSlice";
    public ObjectMeta Metadata { get; init; } = new();

    /// <summary><c>IPv4</c>, <c>IPv6</c> or <c>FQDN</c>.</summary>
    public string AddressType { get; init; } = "";

    public IReadOnlyList<Endpoint>? Endpoints { get; init; }
    public IReadOnlyList<EndpointPort>? Ports { get; init; }
}
