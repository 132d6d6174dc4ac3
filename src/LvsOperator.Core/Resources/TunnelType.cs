using System.Text.Json.Serialization;

namespace LvsOperator.Core.Resources;

/// <summary>ip_vs.h <c>enum ip_vs_tunnel_type</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TunnelType>))]
public enum TunnelType
{
    [JsonStringEnumMemberName("ipip")] IpIp,
    [JsonStringEnumMemberName("gue")] Gue,
    [JsonStringEnumMemberName("gre")] Gre,
}
