using System.Text.Json.Serialization;

namespace LvsOperator.Kubernetes.Models;

public sealed record EndpointAddress
{
    [JsonPropertyName("ip")]
    public string Ip { get; init; } = "";

    public string? NodeName { get; init; }
    public ObjectReference? TargetRef { get; init; }
}
