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

    /// <summary>Which implementation gives a LoadBalancer Service its address; immutable once set on one.</summary>
    public string? LoadBalancerClass { get; init; }

    /// <summary>The address an older manifest asks for (deprecated in core/v1; an annotation is the newer way).</summary>
    [JsonPropertyName("loadBalancerIP")]
    public string? LoadBalancerIP { get; init; }

    /// <summary><c>Cluster</c> or <c>Local</c>.</summary>
    public string? ExternalTrafficPolicy { get; init; }

    /// <summary><c>None</c> or <c>ClientIP</c>.</summary>
    public string? SessionAffinity { get; init; }

    public SessionAffinityConfig? SessionAffinityConfig { get; init; }

    /// <summary><c>IPv4</c> and/or <c>IPv6</c>, in the order the API server settled on.</summary>
    public IReadOnlyList<string>? IpFamilies { get; init; }

    /// <summary><c>SingleStack</c>, <c>PreferDualStack</c> or <c>RequireDualStack</c>.</summary>
    public string? IpFamilyPolicy { get; init; }
}
