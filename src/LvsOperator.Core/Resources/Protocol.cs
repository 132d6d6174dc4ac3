using System.Text.Json.Serialization;

namespace LvsOperator.Core.Resources;

[JsonConverter(typeof(JsonStringEnumConverter<Protocol>))]
public enum Protocol
{
    [JsonStringEnumMemberName("TCP")] Tcp,
    [JsonStringEnumMemberName("UDP")] Udp,
    [JsonStringEnumMemberName("SCTP")] Sctp,
}
