using System.Net;
using System.Net.Sockets;
using LvsOperator.Netlink.Codec;
using static LvsOperator.Netlink.Ipvs.IpvsNetlink;

namespace LvsOperator.Netlink.Ipvs;

internal static partial class IpvsDecoder
{
    private static IpvsService ServiceAttributes(NetlinkAttributeEnumerator attributes)
    {
        ushort? af = null, protocol = null, port = null;
        uint fwmark = 0, timeout = 0, netmaskBigEndian = 0, netmaskHost = 0;
        ReadOnlySpan<byte> address = default;
        string scheduler = string.Empty;
        string? engine = null;
        uint flags = 0;
        ReadOnlySpan<byte> stats = default, stats64 = default;
        bool hasStats = false, hasStats64 = false;
        foreach (NetlinkAttribute attribute in attributes)
        {
            switch (attribute.Type)
            {
                case IPVS_SVC_ATTR_AF: af = attribute.GetUInt16(); break;
                case IPVS_SVC_ATTR_PROTOCOL: protocol = attribute.GetUInt16(); break;
                case IPVS_SVC_ATTR_ADDR:
                    attribute.GetInetAddress(AddressFamily.InterNetworkV6);
                    address = attribute.Payload;
                    break;
                case IPVS_SVC_ATTR_PORT: port = attribute.GetBigEndianUInt16(); break;
                case IPVS_SVC_ATTR_FWMARK: fwmark = attribute.GetUInt32(); break;
                case IPVS_SVC_ATTR_SCHED_NAME: scheduler = attribute.GetString(); break;
                case IPVS_SVC_ATTR_PE_NAME: engine = attribute.GetString(); break;
                case IPVS_SVC_ATTR_FLAGS:
                    if (attribute.Payload.Length != 8)
                    {
                        throw new NetlinkProtocolException($"IPVS_SVC_ATTR_FLAGS: expected 8 bytes, got {attribute.Payload.Length}.");
                    }

                    flags = HostOrder.ReadUInt32(attribute.Payload);
                    break;
                case IPVS_SVC_ATTR_TIMEOUT: timeout = attribute.GetUInt32(); break;
                case IPVS_SVC_ATTR_NETMASK:
                    netmaskBigEndian = attribute.GetBigEndianUInt32();
                    netmaskHost = attribute.GetUInt32();
                    break;
                case IPVS_SVC_ATTR_STATS:
                    stats = attribute.Payload;
                    hasStats = true;
                    break;
                case IPVS_SVC_ATTR_STATS64:
                    stats64 = attribute.Payload;
                    hasStats64 = true;
                    break;
                default: break;
            }
        }

        if (af is null)
        {
            throw new NetlinkProtocolException("IPVS service lacks IPVS_SVC_ATTR_AF.");
        }

        AddressFamily family = Family(af.Value);
        IpvsServiceKey key;
        if (fwmark != 0)
        {
            key = IpvsServiceKey.ForFirewallMark(family, fwmark);
        }
        else if (protocol is null or 0 || address.IsEmpty || port is null)
        {
            throw new NetlinkProtocolException("IPVS service lacks its protocol, address or port.");
        }
        else
        {
            key = IpvsServiceKey.ForAddress((IpvsProtocol)protocol.Value, ToAddress(address, family), port.Value);
        }

        // IPv4 netmasks are __be32 masks; IPv6 ones are host-order prefix lengths (ip_vs_ctl.c).
        uint netmask = family == AddressFamily.InterNetwork ? netmaskBigEndian : netmaskHost;
        return new IpvsService(key)
        {
            Scheduler = scheduler,
            PersistenceEngine = engine,
            Flags = (IpvsServiceFlags)flags,
            PersistenceTimeout = timeout,
            Netmask = netmask,
            Stats = PreferWide(stats, hasStats, stats64, hasStats64),
        };
    }

    /// <summary>Parses only the statistics that will be kept: STATS64 when the kernel sent it.</summary>
    private static IpvsStats? PreferWide(ReadOnlySpan<byte> stats, bool hasStats, ReadOnlySpan<byte> stats64, bool hasStats64) =>
        hasStats64 ? Stats(new NetlinkAttributeEnumerator(stats64), wide: true)
        : hasStats ? Stats(new NetlinkAttributeEnumerator(stats), wide: false)
        : null;

    private static IpvsDestination DestinationAttributes(NetlinkAttributeEnumerator attributes, AddressFamily serviceFamily)
    {
        ReadOnlySpan<byte> address = default;
        ushort? port = null, af = null;
        uint forwarding = 0, weight = 0, upper = 0, lower = 0, active = 0, inactive = 0, persistent = 0;
        byte tunnelType = 0;
        ushort tunnelPort = 0, tunnelFlags = 0;
        ReadOnlySpan<byte> stats = default, stats64 = default;
        bool hasStats = false, hasStats64 = false;
        foreach (NetlinkAttribute attribute in attributes)
        {
            switch (attribute.Type)
            {
                case IPVS_DEST_ATTR_ADDR:
                    attribute.GetInetAddress(AddressFamily.InterNetworkV6);
                    address = attribute.Payload;
                    break;
                case IPVS_DEST_ATTR_PORT: port = attribute.GetBigEndianUInt16(); break;
                case IPVS_DEST_ATTR_FWD_METHOD: forwarding = attribute.GetUInt32(); break;
                case IPVS_DEST_ATTR_WEIGHT: weight = attribute.GetUInt32(); break;
                case IPVS_DEST_ATTR_U_THRESH: upper = attribute.GetUInt32(); break;
                case IPVS_DEST_ATTR_L_THRESH: lower = attribute.GetUInt32(); break;
                case IPVS_DEST_ATTR_ACTIVE_CONNS: active = attribute.GetUInt32(); break;
                case IPVS_DEST_ATTR_INACT_CONNS: inactive = attribute.GetUInt32(); break;
                case IPVS_DEST_ATTR_PERSIST_CONNS: persistent = attribute.GetUInt32(); break;
                case IPVS_DEST_ATTR_STATS:
                    stats = attribute.Payload;
                    hasStats = true;
                    break;
                case IPVS_DEST_ATTR_ADDR_FAMILY: af = attribute.GetUInt16(); break;
                case IPVS_DEST_ATTR_STATS64:
                    stats64 = attribute.Payload;
                    hasStats64 = true;
                    break;
                case IPVS_DEST_ATTR_TUN_TYPE: tunnelType = attribute.GetUInt8(); break;
                case IPVS_DEST_ATTR_TUN_PORT: tunnelPort = attribute.GetBigEndianUInt16(); break;
                case IPVS_DEST_ATTR_TUN_FLAGS: tunnelFlags = attribute.GetUInt16(); break;
                default: break;
            }
        }

        if (address.IsEmpty || port is null)
        {
            throw new NetlinkProtocolException("IPVS destination lacks its address or port.");
        }

        AddressFamily family = af is null ? serviceFamily : Family(af.Value);
        return new IpvsDestination(ToAddress(address, family), port.Value)
        {
            ForwardingMethod = (IpvsForwardingMethod)(forwarding & 0x7),
            Weight = weight > int.MaxValue ? throw new NetlinkProtocolException($"IPVS destination weight {weight} is out of range.") : (int)weight,
            UpperThreshold = upper,
            LowerThreshold = lower,
            ActiveConnections = active,
            InactiveConnections = inactive,
            PersistentConnections = persistent,
            TunnelType = (IpvsTunnelType)tunnelType,
            TunnelPort = tunnelPort,
            TunnelFlags = (IpvsTunnelFlags)tunnelFlags,
            Stats = PreferWide(stats, hasStats, stats64, hasStats64),
        };
    }

    /// <summary>
    /// <c>IPVS_*_ATTR_STATS</c> carries u32 counters and rates with u64 byte counts;
    /// <c>*_STATS64</c> carries everything as u64.
    /// </summary>
    private static IpvsStats Stats(NetlinkAttributeEnumerator attributes, bool wide)
    {
        ulong conns = 0, inPkts = 0, outPkts = 0, inBytes = 0, outBytes = 0, cps = 0, inPps = 0, outPps = 0, inBps = 0, outBps = 0;
        foreach (NetlinkAttribute attribute in attributes)
        {
            switch (attribute.Type)
            {
                case IPVS_STATS_ATTR_CONNS: conns = Counter(attribute, wide); break;
                case IPVS_STATS_ATTR_INPKTS: inPkts = Counter(attribute, wide); break;
                case IPVS_STATS_ATTR_OUTPKTS: outPkts = Counter(attribute, wide); break;
                case IPVS_STATS_ATTR_INBYTES: inBytes = attribute.GetUInt64(); break;
                case IPVS_STATS_ATTR_OUTBYTES: outBytes = attribute.GetUInt64(); break;
                case IPVS_STATS_ATTR_CPS: cps = Counter(attribute, wide); break;
                case IPVS_STATS_ATTR_INPPS: inPps = Counter(attribute, wide); break;
                case IPVS_STATS_ATTR_OUTPPS: outPps = Counter(attribute, wide); break;
                case IPVS_STATS_ATTR_INBPS: inBps = Counter(attribute, wide); break;
                case IPVS_STATS_ATTR_OUTBPS: outBps = Counter(attribute, wide); break;
                default: break;
            }
        }

        return new IpvsStats
        {
            Connections = conns,
            InPackets = inPkts,
            OutPackets = outPkts,
            InBytes = inBytes,
            OutBytes = outBytes,
            ConnectionsPerSecond = cps,
            InPacketsPerSecond = inPps,
            OutPacketsPerSecond = outPps,
            InBytesPerSecond = inBps,
            OutBytesPerSecond = outBps,
        };
    }

    private static ulong Counter(NetlinkAttribute attribute, bool wide) => wide ? attribute.GetUInt64() : attribute.GetUInt32();

    private static IPAddress ToAddress(ReadOnlySpan<byte> inetAddress, AddressFamily family) =>
        family == AddressFamily.InterNetwork ? new IPAddress(inetAddress[..4]) : new IPAddress(inetAddress);
}
