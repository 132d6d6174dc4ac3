using System.Text.Json.Serialization;

namespace LvsOperator.Node.Ledger;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(LedgerDocument))]
internal sealed partial class LedgerJsonContext : JsonSerializerContext;
