using System.Text.Json;
using System.Text.Json.Serialization;

namespace LvsOperator.Core.Resources;

/// <summary>Kubernetes <c>intstr.IntOrString</c>: a port given by number or by name.</summary>
[JsonConverter(typeof(IntOrStringJsonConverter))]
public readonly record struct IntOrString
{
    private IntOrString(int? number, string? name) => (Number, Name) = (number, name);

    public int? Number { get; }
    public string? Name { get; }

    public static IntOrString FromNumber(int number) => new(number, null);

    /// <summary>A string that holds only digits is a number, as Kubernetes reads a named port.</summary>
    public static IntOrString FromString(string value) =>
        int.TryParse(value, System.Globalization.NumberStyles.None, null, out var n) ? new(n, null) : new(null, value);

    public override string ToString() => Number?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? Name ?? "";
}

internal sealed class IntOrStringJsonConverter : JsonConverter<IntOrString>
{
    public override IntOrString Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.Number => IntOrString.FromNumber(reader.GetInt32()),
            JsonTokenType.String => IntOrString.FromString(reader.GetString()!),
            _ => throw new JsonException("must be a port number or a port name"),
        };

    public override void Write(Utf8JsonWriter writer, IntOrString value, JsonSerializerOptions options)
    {
        if (value.Number is { } n) writer.WriteNumberValue(n);
        else writer.WriteStringValue(value.Name);
    }
}
