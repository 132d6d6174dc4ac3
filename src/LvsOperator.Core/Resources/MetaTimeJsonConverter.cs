using System.Text.Json;
using System.Text.Json.Serialization;

namespace LvsOperator.Core.Resources;

/// <summary>Reads and writes a <see cref="DateTimeOffset"/> as <see cref="MetaTime"/> (public: other assemblies' JSON contexts serialize conditions too).</summary>
public sealed class MetaTimeJsonConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString() ?? throw new JsonException("a time must be a string");
        try
        {
            return MetaTime.Parse(text);
        }
        catch (FormatException e)
        {
            throw new JsonException($"\"{text}\" is not an RFC 3339 time", e);
        }
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(MetaTime.ToWire(value));
}
