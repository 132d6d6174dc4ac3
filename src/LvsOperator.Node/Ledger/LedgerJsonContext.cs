using System.Text.Json.Serialization;

namespace LvsOperator.Node.Ledger;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(LedgerDocument))]
[JsonSerializable(typeof(VerdictDocument))]
internal sealed partial class LedgerJsonContext : JsonSerializerContext;
