namespace LvsOperator.Netlink.Ipvs;

/// <summary>
/// Generic netlink interface of IPVS, named as in include/uapi/linux/ip_vs.h. Attribute types
/// and the kernel's policies (net/netfilter/ipvs/ip_vs_ctl.c, <c>ip_vs_*_policy</c>) are noted
/// where the size matters.
/// </summary>
internal static class IpvsNetlink
{
    public const string IPVS_GENL_NAME = "IPVS";
    public const byte IPVS_GENL_VERSION = 1;

    // enum ipvs_cmd
    public const byte IPVS_CMD_NEW_SERVICE = 1;
    public const byte IPVS_CMD_SET_SERVICE = 2;
    public const byte IPVS_CMD_DEL_SERVICE = 3;
    public const byte IPVS_CMD_GET_SERVICE = 4;
    public const byte IPVS_CMD_NEW_DEST = 5;
    public const byte IPVS_CMD_SET_DEST = 6;
    public const byte IPVS_CMD_DEL_DEST = 7;
    public const byte IPVS_CMD_GET_DEST = 8;
    public const byte IPVS_CMD_NEW_DAEMON = 9;
    public const byte IPVS_CMD_DEL_DAEMON = 10;
    public const byte IPVS_CMD_GET_DAEMON = 11;
    public const byte IPVS_CMD_SET_CONFIG = 12;
    public const byte IPVS_CMD_GET_CONFIG = 13;
    public const byte IPVS_CMD_SET_INFO = 14;
    public const byte IPVS_CMD_GET_INFO = 15;

    // IPVS_CMD_ATTR_*: first level
    public const ushort IPVS_CMD_ATTR_SERVICE = 1;        // nested
    public const ushort IPVS_CMD_ATTR_DEST = 2;           // nested
    public const ushort IPVS_CMD_ATTR_DAEMON = 3;         // nested
    public const ushort IPVS_CMD_ATTR_TIMEOUT_TCP = 4;    // u32
    public const ushort IPVS_CMD_ATTR_TIMEOUT_TCP_FIN = 5; // u32
    public const ushort IPVS_CMD_ATTR_TIMEOUT_UDP = 6;    // u32

    // IPVS_SVC_ATTR_*: in IPVS_CMD_ATTR_SERVICE
    public const ushort IPVS_SVC_ATTR_AF = 1;          // u16
    public const ushort IPVS_SVC_ATTR_PROTOCOL = 2;    // u16
    public const ushort IPVS_SVC_ATTR_ADDR = 3;        // union nf_inet_addr, 16 bytes
    public const ushort IPVS_SVC_ATTR_PORT = 4;        // __be16
    public const ushort IPVS_SVC_ATTR_FWMARK = 5;      // u32
    public const ushort IPVS_SVC_ATTR_SCHED_NAME = 6;  // string, < IP_VS_SCHEDNAME_MAXLEN (16)
    public const ushort IPVS_SVC_ATTR_FLAGS = 7;       // struct ip_vs_flags { u32 flags; u32 mask; }
    public const ushort IPVS_SVC_ATTR_TIMEOUT = 8;     // u32 seconds
    public const ushort IPVS_SVC_ATTR_NETMASK = 9;     // u32: __be32 mask for IPv4, prefix length for IPv6
    public const ushort IPVS_SVC_ATTR_STATS = 10;      // nested IPVS_STATS_ATTR_* (32-bit counters)
    public const ushort IPVS_SVC_ATTR_PE_NAME = 11;    // string, < IP_VS_PENAME_MAXLEN (16)
    public const ushort IPVS_SVC_ATTR_STATS64 = 12;    // nested IPVS_STATS_ATTR_* (all u64)

    // IPVS_DEST_ATTR_*: in IPVS_CMD_ATTR_DEST
    public const ushort IPVS_DEST_ATTR_ADDR = 1;          // union nf_inet_addr, 16 bytes
    public const ushort IPVS_DEST_ATTR_PORT = 2;          // __be16
    public const ushort IPVS_DEST_ATTR_FWD_METHOD = 3;    // u32 (IP_VS_CONN_F_FWD_MASK bits)
    public const ushort IPVS_DEST_ATTR_WEIGHT = 4;        // u32 (kernel int, must be >= 0)
    public const ushort IPVS_DEST_ATTR_U_THRESH = 5;      // u32
    public const ushort IPVS_DEST_ATTR_L_THRESH = 6;      // u32
    public const ushort IPVS_DEST_ATTR_ACTIVE_CONNS = 7;  // u32
    public const ushort IPVS_DEST_ATTR_INACT_CONNS = 8;   // u32
    public const ushort IPVS_DEST_ATTR_PERSIST_CONNS = 9; // u32
    public const ushort IPVS_DEST_ATTR_STATS = 10;        // nested
    public const ushort IPVS_DEST_ATTR_ADDR_FAMILY = 11;  // u16
    public const ushort IPVS_DEST_ATTR_STATS64 = 12;      // nested
    public const ushort IPVS_DEST_ATTR_TUN_TYPE = 13;     // u8
    public const ushort IPVS_DEST_ATTR_TUN_PORT = 14;     // __be16
    public const ushort IPVS_DEST_ATTR_TUN_FLAGS = 15;    // u16

    // IPVS_DAEMON_ATTR_*: in IPVS_CMD_ATTR_DAEMON
    public const ushort IPVS_DAEMON_ATTR_STATE = 1;         // u32
    public const ushort IPVS_DAEMON_ATTR_MCAST_IFN = 2;     // string, < IP_VS_IFNAME_MAXLEN (16)
    public const ushort IPVS_DAEMON_ATTR_SYNC_ID = 3;       // u32
    public const ushort IPVS_DAEMON_ATTR_SYNC_MAXLEN = 4;   // u16
    public const ushort IPVS_DAEMON_ATTR_MCAST_GROUP = 5;   // __be32 (in_addr)
    public const ushort IPVS_DAEMON_ATTR_MCAST_GROUP6 = 6;  // struct in6_addr, 16 bytes
    public const ushort IPVS_DAEMON_ATTR_MCAST_PORT = 7;    // u16, host order (not __be16: the kernel htons()es it)
    public const ushort IPVS_DAEMON_ATTR_MCAST_TTL = 8;     // u8

    // IPVS_STATS_ATTR_*: in *_STATS (conns/pkts u32, bytes u64, rates u32) and *_STATS64 (all u64)
    public const ushort IPVS_STATS_ATTR_CONNS = 1;
    public const ushort IPVS_STATS_ATTR_INPKTS = 2;
    public const ushort IPVS_STATS_ATTR_OUTPKTS = 3;
    public const ushort IPVS_STATS_ATTR_INBYTES = 4;
    public const ushort IPVS_STATS_ATTR_OUTBYTES = 5;
    public const ushort IPVS_STATS_ATTR_CPS = 6;
    public const ushort IPVS_STATS_ATTR_INPPS = 7;
    public const ushort IPVS_STATS_ATTR_OUTPPS = 8;
    public const ushort IPVS_STATS_ATTR_INBPS = 9;
    public const ushort IPVS_STATS_ATTR_OUTBPS = 10;
    public const ushort IPVS_STATS_ATTR_PAD = 11;

    // IPVS_INFO_ATTR_*: in the IPVS_CMD_GET_INFO reply
    public const ushort IPVS_INFO_ATTR_VERSION = 1;       // u32
    public const ushort IPVS_INFO_ATTR_CONN_TAB_SIZE = 2; // u32

    /// <summary><c>IP_VS_SCHEDNAME_MAXLEN</c>, <c>IP_VS_PENAME_MAXLEN</c>, <c>IP_VS_IFNAME_MAXLEN</c>: 16 including the nul.</summary>
    public const int NameMaxLength = 15;

    /// <summary>The C name of a command, for <see cref="NetlinkException.Operation"/>.</summary>
    public static string CommandName(byte command) => command switch
    {
        IPVS_CMD_NEW_SERVICE => "IPVS_CMD_NEW_SERVICE",
        IPVS_CMD_SET_SERVICE => "IPVS_CMD_SET_SERVICE",
        IPVS_CMD_DEL_SERVICE => "IPVS_CMD_DEL_SERVICE",
        IPVS_CMD_GET_SERVICE => "IPVS_CMD_GET_SERVICE",
        IPVS_CMD_NEW_DEST => "IPVS_CMD_NEW_DEST",
        IPVS_CMD_SET_DEST => "IPVS_CMD_SET_DEST",
        IPVS_CMD_DEL_DEST => "IPVS_CMD_DEL_DEST",
        IPVS_CMD_GET_DEST => "IPVS_CMD_GET_DEST",
        IPVS_CMD_NEW_DAEMON => "IPVS_CMD_NEW_DAEMON",
        IPVS_CMD_DEL_DAEMON => "IPVS_CMD_DEL_DAEMON",
        IPVS_CMD_GET_DAEMON => "IPVS_CMD_GET_DAEMON",
        IPVS_CMD_SET_CONFIG => "IPVS_CMD_SET_CONFIG",
        IPVS_CMD_GET_CONFIG => "IPVS_CMD_GET_CONFIG",
        IPVS_CMD_GET_INFO => "IPVS_CMD_GET_INFO",
        _ => "IPVS_CMD_" + command.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
