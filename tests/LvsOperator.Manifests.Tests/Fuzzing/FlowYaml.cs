using System.Text;
using System.Text.Json.Nodes;

namespace LvsOperator.Manifests.Tests.Fuzzing;

/// <summary>
/// Writes a JSON tree as YAML flow text (JSON is YAML), except that a string starting with <see cref="Raw"/> is
/// written as it stands: a plain scalar, a tag, an anchor or anything else the YAML side should see unquoted.
/// </summary>
internal static class FlowYaml
{
    public const string Raw = "\u0001";

    public static JsonValue RawToken(string yaml) => JsonValue.Create(Raw + yaml);

    public static string Write(JsonNode? node)
    {
        var text = new StringBuilder();
        Write(node, text);
        return text.ToString();
    }

    private static void Write(JsonNode? node, StringBuilder text)
    {
        switch (node)
        {
            case null:
                text.Append("null");
                break;
            case JsonObject obj:
                text.Append('{');
                var first = true;
                foreach (var (key, value) in obj)
                {
                    if (!first) text.Append(", ");
                    first = false;
                    text.Append(JsonValue.Create(key).ToJsonString()).Append(": ");
                    Write(value, text);
                }

                text.Append('}');
                break;
            case JsonArray array:
                text.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0) text.Append(", ");
                    Write(array[i], text);
                }

                text.Append(']');
                break;
            case JsonValue value when value.TryGetValue<string>(out var s) && s.StartsWith(Raw, StringComparison.Ordinal):
                text.Append(s.AsSpan(Raw.Length));
                break;
            default:
                text.Append(node.ToJsonString());
                break;
        }
    }
}
