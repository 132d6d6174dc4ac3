using System.Text.Json;
using System.Text.Json.Serialization;

namespace LvsOperator.Core.Resources;

/// <summary>
/// Source-generated JSON for the resources, as the API server spells them (camelCase, case-sensitive),
/// so hosts stay trimmable and NativeAOT-safe.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = false)]
[JsonSerializable(typeof(VirtualService))]
[JsonSerializable(typeof(RealServer))]
[JsonSerializable(typeof(NodeSlice))]
[JsonSerializable(typeof(AddressPool))]
public sealed partial class ResourceJsonContext : JsonSerializerContext;
