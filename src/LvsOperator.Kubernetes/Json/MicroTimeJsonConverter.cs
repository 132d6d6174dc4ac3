using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LvsOperator.Kubernetes.Json;

/// <summary>
/// metav1.MicroTime: RFC 3339 with exactly six fractional digits. The API server parses it with Go's
/// <c>RFC3339Micro</c> layout, which rejects .NET's default seven digits.
/// </summary>
internal sealed class MicroTimeJsonConverter : JsonConverter<DateTimeOffset>
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTimeOffset.Parse(reader.GetString() ?? throw new JsonException("a time must be a string"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture));
}
