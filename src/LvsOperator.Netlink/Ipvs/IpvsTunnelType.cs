namespace LvsOperator.Netlink.Ipvs;

/// <summary>Tunnel type of a TUN destination (<c>IP_VS_CONN_F_TUNNEL_TYPE_*</c>).</summary>
public enum IpvsTunnelType : byte
{
    /// <summary><c>IP_VS_CONN_F_TUNNEL_TYPE_IPIP</c>.</summary>
    Ipip = 0,

    /// <summary><c>IP_VS_CONN_F_TUNNEL_TYPE_GUE</c>.</summary>
    Gue = 1,

    /// <summary><c>IP_VS_CONN_F_TUNNEL_TYPE_GRE</c>.</summary>
    Gre = 2,
}
