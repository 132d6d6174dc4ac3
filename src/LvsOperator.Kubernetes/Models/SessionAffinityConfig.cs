using System.Text.Json.Serialization;

namespace LvsOperator.Kubernetes.Models;

/// <summary>core/v1 SessionAffinityConfig: how long <c>sessionAffinity: ClientIP</c> holds.</summary>
public sealed record SessionAffinityConfig
{
    [JsonPropertyName("clientIP")]
    public ClientIPConfig? ClientIP { get; init; }
}
