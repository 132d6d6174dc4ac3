using System.Text.Json.Serialization;
using LvsOperator.Kubernetes.Client;
using LvsOperator.Kubernetes.Models;

namespace LvsOperator.Kubernetes.Json;

/// <summary>
/// Source-generated JSON for the built-in kinds this library models and for the API's own envelopes
/// (Status, DeleteOptions), camelCase as the API server spells them; unknown fields are ignored. Callers reach
/// the kinds' contracts through <see cref="Client.ResourceTypes"/>.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = false)]
[JsonSerializable(typeof(Service))]
[JsonSerializable(typeof(EndpointSlice))]
[JsonSerializable(typeof(Endpoints))]
[JsonSerializable(typeof(Node))]
[JsonSerializable(typeof(KubeNamespace))]
[JsonSerializable(typeof(EventsV1Event))]
[JsonSerializable(typeof(Secret))]
[JsonSerializable(typeof(Lease))]
[JsonSerializable(typeof(KubeStatus))]
[JsonSerializable(typeof(DeleteOptionsBody))]
internal sealed partial class KubernetesJsonContext : JsonSerializerContext;
