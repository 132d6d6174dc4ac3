namespace LvsOperator.Netlink.Ipvs;

/// <summary>Forwarding method of a destination (<c>IP_VS_CONN_F_FWD_MASK</c> bits of <c>IPVS_DEST_ATTR_FWD_METHOD</c>).</summary>
public enum IpvsForwardingMethod : uint
{
    /// <summary><c>IP_VS_CONN_F_MASQ</c>: NAT.</summary>
    Masquerade = 0,

    /// <summary><c>IP_VS_CONN_F_LOCALNODE</c>.</summary>
    LocalNode = 1,

    /// <summary><c>IP_VS_CONN_F_TUNNEL</c>: IP-in-IP (or GUE/GRE, see <see cref="IpvsTunnelType"/>).</summary>
    Tunnel = 2,

    /// <summary><c>IP_VS_CONN_F_DROUTE</c>: direct routing.</summary>
    DirectRoute = 3,
}
