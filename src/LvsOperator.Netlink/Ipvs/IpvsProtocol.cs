namespace LvsOperator.Netlink.Ipvs;

/// <summary>Transport protocol of a virtual service (<c>IPVS_SVC_ATTR_PROTOCOL</c>, an IPPROTO_* value).</summary>
public enum IpvsProtocol : ushort
{
    /// <summary>None: firewall-mark services carry no protocol.</summary>
    None = 0,

    /// <summary>IPPROTO_TCP.</summary>
    Tcp = 6,

    /// <summary>IPPROTO_UDP.</summary>
    Udp = 17,

    /// <summary>IPPROTO_SCTP.</summary>
    Sctp = 132,
}
