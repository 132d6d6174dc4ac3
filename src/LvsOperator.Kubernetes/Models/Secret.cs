using LvsOperator.Core.Resources;

namespace LvsOperator.Kubernetes.Models;

/// <summary>core/v1 Secret: its data, base64 in JSON and so bytes here (System.Text.Json decodes byte[] from base64).</summary>
public sealed record Secret : IKubernetesObject
{
    public string ApiVersion { get; init; } = "v1";
    public string Kind { get; init; } = "Secret";
    public ObjectMeta Metadata { get; init; } = new();
    public IReadOnlyDictionary<string, byte[]>? Data { get; init; }
}
