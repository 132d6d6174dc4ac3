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

/// <summary>Virtual service flags (<c>IP_VS_SVC_F_*</c>).</summary>
[Flags]
#pragma warning disable CA1069 // The header defines scheduler-specific aliases for the same bits.
public enum IpvsServiceFlags : uint
{
    /// <summary>No flags.</summary>
    None = 0,

    /// <summary><c>IP_VS_SVC_F_PERSISTENT</c>.</summary>
    Persistent = 0x0001,

    /// <summary><c>IP_VS_SVC_F_HASHED</c>: set by the kernel; never sent (a service flagged hashed is not hashed in).</summary>
    Hashed = 0x0002,

    /// <summary><c>IP_VS_SVC_F_ONEPACKET</c>: one-packet scheduling (UDP).</summary>
    OnePacket = 0x0004,

    /// <summary><c>IP_VS_SVC_F_SCHED1</c>.</summary>
    Scheduler1 = 0x0008,

    /// <summary><c>IP_VS_SVC_F_SCHED2</c>.</summary>
    Scheduler2 = 0x0010,

    /// <summary><c>IP_VS_SVC_F_SCHED3</c>.</summary>
    Scheduler3 = 0x0020,

    /// <summary><c>IP_VS_SVC_F_SCHED_SH_FALLBACK</c> (sh scheduler).</summary>
    SourceHashFallback = Scheduler1,

    /// <summary><c>IP_VS_SVC_F_SCHED_SH_PORT</c> (sh scheduler).</summary>
    SourceHashPort = Scheduler2,

    /// <summary>mh scheduler fallback (<c>IP_VS_SVC_F_SCHED1</c>, ip_vs_mh.c).</summary>
    MaglevFallback = Scheduler1,

    /// <summary>mh scheduler port hashing (<c>IP_VS_SVC_F_SCHED2</c>, ip_vs_mh.c).</summary>
    MaglevPort = Scheduler2,
}
#pragma warning restore CA1069

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

/// <summary>Sync daemon role (<c>IP_VS_STATE_*</c>).</summary>
public enum IpvsSyncState : uint
{
    /// <summary><c>IP_VS_STATE_MASTER</c>.</summary>
    Master = 1,

    /// <summary><c>IP_VS_STATE_BACKUP</c>.</summary>
    Backup = 2,
}
