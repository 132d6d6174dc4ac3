using System.Net.Sockets;
using LvsOperator.Netlink.Codec;
using LvsOperator.Netlink.Generic;
using static LvsOperator.Netlink.Ipvs.IpvsNetlink;

namespace LvsOperator.Netlink.Ipvs;

/// <summary>
/// Parses IPVS replies. Unknown attributes are skipped (newer kernels add some, and
/// <c>IPVS_STATS_ATTR_PAD</c> aligns u64s); known ones must have their exact size; missing
/// identity attributes are a protocol error.
/// </summary>
internal static partial class IpvsDecoder
{
    public static IpvsService Service(NetlinkMessage message)
    {
        foreach (NetlinkAttribute attribute in message.GetAttributes(GenericNetlink.HeaderSize))
        {
            if (attribute.Type == IPVS_CMD_ATTR_SERVICE)
            {
                return ServiceAttributes(attribute.GetNested());
            }
        }

        throw new NetlinkProtocolException("IPVS service reply lacks IPVS_CMD_ATTR_SERVICE.");
    }

    public static IpvsDestination Destination(NetlinkMessage message, AddressFamily serviceFamily)
    {
        foreach (NetlinkAttribute attribute in message.GetAttributes(GenericNetlink.HeaderSize))
        {
            if (attribute.Type == IPVS_CMD_ATTR_DEST)
            {
                return DestinationAttributes(attribute.GetNested(), serviceFamily);
            }
        }

        throw new NetlinkProtocolException("IPVS destination reply lacks IPVS_CMD_ATTR_DEST.");
    }

    public static IpvsInfo Info(NetlinkMessage message)
    {
        uint? version = null, size = null;
        foreach (NetlinkAttribute attribute in message.GetAttributes(GenericNetlink.HeaderSize))
        {
            switch (attribute.Type)
            {
                case IPVS_INFO_ATTR_VERSION: version = attribute.GetUInt32(); break;
                case IPVS_INFO_ATTR_CONN_TAB_SIZE: size = attribute.GetUInt32(); break;
                default: break;
            }
        }

        return version is null || size is null
            ? throw new NetlinkProtocolException("IPVS_CMD_GET_INFO reply lacks the version or table size.")
            : new IpvsInfo(version.Value, size.Value);
    }

    public static IpvsTimeouts Timeouts(NetlinkMessage message)
    {
        uint tcp = 0, tcpFin = 0, udp = 0;
        foreach (NetlinkAttribute attribute in message.GetAttributes(GenericNetlink.HeaderSize))
        {
            switch (attribute.Type)
            {
                case IPVS_CMD_ATTR_TIMEOUT_TCP: tcp = attribute.GetUInt32(); break;
                case IPVS_CMD_ATTR_TIMEOUT_TCP_FIN: tcpFin = attribute.GetUInt32(); break;
                case IPVS_CMD_ATTR_TIMEOUT_UDP: udp = attribute.GetUInt32(); break;
                default: break;
            }
        }

        return new IpvsTimeouts(tcp, tcpFin, udp);
    }

    public static IpvsSyncDaemon Daemon(NetlinkMessage message)
    {
        foreach (NetlinkAttribute attribute in message.GetAttributes(GenericNetlink.HeaderSize))
        {
            if (attribute.Type == IPVS_CMD_ATTR_DAEMON)
            {
                return DaemonAttributes(attribute.GetNested());
            }
        }

        throw new NetlinkProtocolException("IPVS daemon reply lacks IPVS_CMD_ATTR_DAEMON.");
    }

    private static IpvsSyncDaemon DaemonAttributes(NetlinkAttributeEnumerator attributes)
    {
        uint? state = null, syncId = null;
        string? ifname = null;
        ushort? maxLength = null, port = null;
        System.Net.IPAddress? group = null;
        byte? ttl = null;
        foreach (NetlinkAttribute attribute in attributes)
        {
            switch (attribute.Type)
            {
                case IPVS_DAEMON_ATTR_STATE: state = attribute.GetUInt32(); break;
                case IPVS_DAEMON_ATTR_MCAST_IFN: ifname = attribute.GetString(); break;
                case IPVS_DAEMON_ATTR_SYNC_ID: syncId = attribute.GetUInt32(); break;
                case IPVS_DAEMON_ATTR_SYNC_MAXLEN: maxLength = attribute.GetUInt16(); break;
                case IPVS_DAEMON_ATTR_MCAST_GROUP:
                    attribute.GetBigEndianUInt32();
                    group = attribute.GetAddress();
                    break;
                case IPVS_DAEMON_ATTR_MCAST_GROUP6:
                    group = attribute.GetInetAddress(AddressFamily.InterNetworkV6);
                    break;
                case IPVS_DAEMON_ATTR_MCAST_PORT: port = attribute.GetUInt16(); break;
                case IPVS_DAEMON_ATTR_MCAST_TTL: ttl = attribute.GetUInt8(); break;
                default: break;
            }
        }

        if (state is null || ifname is null || syncId is null)
        {
            throw new NetlinkProtocolException("IPVS daemon lacks its state, interface or sync id.");
        }

        return new IpvsSyncDaemon((IpvsSyncState)state.Value, ifname, syncId.Value)
        {
            SyncMaxLength = maxLength,
            MulticastGroup = group,
            MulticastPort = port,
            MulticastTtl = ttl,
        };
    }

    internal static AddressFamily Family(ushort af) => af switch
    {
        2 => AddressFamily.InterNetwork,
        10 => AddressFamily.InterNetworkV6,
        _ => throw new NetlinkProtocolException($"IPVS address family {af} is neither AF_INET nor AF_INET6."),
    };
}
