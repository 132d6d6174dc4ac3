using System.Text.Json.Serialization;

namespace LvsOperator.Core.Resources;

/// <summary>Outer checksum of GUE/GRE tunnels (ip_vs.h IP_VS_TUNNEL_ENCAP_FLAG_*).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TunnelChecksum>))]
public enum TunnelChecksum
{
    [JsonStringEnumMemberName("none")] None,
    [JsonStringEnumMemberName("checksum")] Checksum,
    [JsonStringEnumMemberName("remote")] Remote,
}
