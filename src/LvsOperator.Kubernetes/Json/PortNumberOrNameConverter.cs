using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LvsOperator.Kubernetes.Json;

/// <summary>
/// Reads an intstr port (<c>8080</c> or <c>"http"</c>) as its text and writes digits back as a number.
/// Core's <c>IntOrString</c> names an internal converter that this assembly's source generator cannot use,
/// so models keep the text and hand out an <c>IntOrString</c> on demand.
/// </summary>
internal sealed class PortNumberOrNameConverter : JsonConverter<string>
{
    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.Number => reader.GetInt32().ToString(CultureInfo.InvariantCulture),
            JsonTokenType.String => reader.GetString()!,
            _ => throw new JsonException("must be a port number or a port name"),
        };

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)) writer.WriteNumberValue(number);
        else writer.WriteStringValue(value);
    }
}
