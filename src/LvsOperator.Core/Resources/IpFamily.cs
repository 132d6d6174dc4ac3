using System.Text.Json.Serialization;

namespace LvsOperator.Core.Resources;

[JsonConverter(typeof(JsonStringEnumConverter<IpFamily>))]
public enum IpFamily
{
    [JsonStringEnumMemberName("IPv4")] IPv4,
    [JsonStringEnumMemberName("IPv6")] IPv6,
}
