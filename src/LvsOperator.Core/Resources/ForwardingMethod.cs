using System.Text.Json.Serialization;

namespace LvsOperator.Core.Resources;

/// <summary>How the director hands packets to a real server.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ForwardingMethod>))]
public enum ForwardingMethod
{
    /// <summary>Direct routing: MAC rewrite on the same L2 segment (ipvsadm <c>-g</c>).</summary>
    [JsonStringEnumMemberName("DR")] DirectRouting,
    /// <summary>Masquerade; the only method with port mapping (ipvsadm <c>-m</c>).</summary>
    [JsonStringEnumMemberName("NAT")] Masquerade,
    /// <summary>IP-in-IP (or GUE/GRE) tunnelling (ipvsadm <c>-i</c>).</summary>
    [JsonStringEnumMemberName("TUN")] Tunnel,
}
