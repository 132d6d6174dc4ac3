using System.Text.Json.Serialization;

namespace LvsOperator.Kubernetes.Models;

public sealed record ServiceSpec
{
    /// <summary><c>ClusterIP</c>, <c>NodePort</c>, <c>LoadBalancer</c> or <c>ExternalName</c>.</summary>
    public string? Type { get; init; }

    [JsonPropertyName("clusterIP")]
    public string? ClusterIP { get; init; }

    [JsonPropertyName("clusterIPs")]
    public IReadOnlyList<string>? ClusterIPs { get; init; }

    public IReadOnlyDictionary<string, string>? Selector { get; init; }
    public IReadOnlyList<ServicePort>? Ports { get; init; }
}
