using System.Text.Json.Serialization;
using LvsOperator.Core.Resources;
using LvsOperator.Kubernetes.Json;

namespace LvsOperator.Kubernetes.Models;

public sealed record ServicePort
{
    public string? Name { get; init; }
    public int Port { get; init; }
    public Protocol Protocol { get; init; } = Protocol.Tcp;

    /// <summary>The pods' port as the API holds it: digits for a number, else a container port's name.</summary>
    [JsonPropertyName("targetPort")]
    [JsonConverter(typeof(PortNumberOrNameConverter))]
    public string? TargetPortText { get; init; }

    /// <summary>The pods' port; absent means the same as <see cref="Port"/>.</summary>
    public IntOrString TargetPort() => TargetPortText is { } text ? IntOrString.FromString(text) : IntOrString.FromNumber(Port);
}
