namespace LvsOperator.Netlink.Ipvs;

/// <summary>Tunnel encapsulation flags (<c>IP_VS_TUNNEL_ENCAP_FLAG_*</c>).</summary>
[Flags]
public enum IpvsTunnelFlags : ushort
{
    /// <summary><c>IP_VS_TUNNEL_ENCAP_FLAG_NOCSUM</c>.</summary>
    None = 0,

    /// <summary><c>IP_VS_TUNNEL_ENCAP_FLAG_CSUM</c>.</summary>
    Checksum = 1,

    /// <summary><c>IP_VS_TUNNEL_ENCAP_FLAG_REMCSUM</c>.</summary>
    RemoteChecksum = 2,
}
