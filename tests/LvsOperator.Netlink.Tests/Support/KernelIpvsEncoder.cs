using System.Net.Sockets;
using LvsOperator.Netlink.Codec;
using LvsOperator.Netlink.Ipvs;

namespace LvsOperator.Netlink.Tests.Support;

/// <summary>
/// Writes IPVS replies the way the kernel does (ip_vs_genl_fill_service / _fill_dest / _fill_daemon
/// in net/netfilter/ipvs/ip_vs_ctl.c): attribute order, <c>__be16</c> ports, 16-byte addresses, both
/// STATS (u32 counters) and STATS64 nests. Test-only: the product never writes replies.
/// </summary>
internal static class KernelIpvsEncoder
{
    public static void Service(NetlinkWriter w, IpvsService service)
    {
        using (w.BeginNested(1))
        {
            w.WriteUInt16(1, IpvsEncoder.FamilyNumber(service.Key.Family));
            if (service.Key.IsFirewallMark)
            {
                w.WriteUInt32(5, service.Key.FirewallMark);
            }
            else
            {
                w.WriteUInt16(2, (ushort)service.Key.Protocol);
                w.WriteInetAddress(3, service.Key.Address!);
                w.WriteBigEndianUInt16(4, service.Key.Port);
            }

            w.WriteString(6, service.Scheduler);
            if (service.PersistenceEngine is not null)
            {
                w.WriteString(11, service.PersistenceEngine);
            }

            Span<byte> flags = stackalloc byte[8];
            BitConverter.TryWriteBytes(flags, (uint)service.Flags);
            BitConverter.TryWriteBytes(flags[4..], uint.MaxValue);
            w.WriteBytes(7, flags);
            w.WriteUInt32(8, service.PersistenceTimeout);
            if (service.Key.Family == AddressFamily.InterNetwork)
            {
                w.WriteBigEndianUInt32(9, service.Netmask);
            }
            else
            {
                w.WriteUInt32(9, service.Netmask);
            }

            Stats(w, 10, service.Stats ?? IpvsStats.Zero, wide: false);
            Stats(w, 12, service.Stats ?? IpvsStats.Zero, wide: true);
        }
    }

    public static void Destination(NetlinkWriter w, IpvsDestination destination)
    {
        using (w.BeginNested(2))
        {
            w.WriteInetAddress(1, destination.Address);
            w.WriteBigEndianUInt16(2, destination.Port);
            w.WriteUInt32(3, (uint)destination.ForwardingMethod);
            w.WriteUInt32(4, (uint)destination.Weight);
            w.WriteUInt8(13, (byte)destination.TunnelType);
            w.WriteBigEndianUInt16(14, destination.TunnelPort);
            w.WriteUInt16(15, (ushort)destination.TunnelFlags);
            w.WriteUInt32(5, destination.UpperThreshold);
            w.WriteUInt32(6, destination.LowerThreshold);
            w.WriteUInt32(7, destination.ActiveConnections);
            w.WriteUInt32(8, destination.InactiveConnections);
            w.WriteUInt32(9, destination.PersistentConnections);
            w.WriteUInt16(11, IpvsEncoder.FamilyNumber(destination.Family));
            Stats(w, 10, destination.Stats ?? IpvsStats.Zero, wide: false);
            Stats(w, 12, destination.Stats ?? IpvsStats.Zero, wide: true);
        }
    }

    public static void Daemon(NetlinkWriter w, IpvsSyncDaemon daemon)
    {
        using (w.BeginNested(3))
        {
            w.WriteUInt32(1, (uint)daemon.State);
            w.WriteString(2, daemon.MulticastInterface);
            w.WriteUInt32(3, daemon.SyncId);
            w.WriteUInt16(4, daemon.SyncMaxLength ?? 0);
            w.WriteUInt16(7, daemon.MulticastPort ?? 0);
            w.WriteUInt8(8, daemon.MulticastTtl ?? 0);
            if (daemon.MulticastGroup is { AddressFamily: AddressFamily.InterNetworkV6 } group6)
            {
                w.WriteAddress(6, group6);
            }
            else if (daemon.MulticastGroup is { } group)
            {
                w.WriteAddress(5, group);
            }
        }
    }

    /// <summary>STATS: u32 counters and rates, u64 bytes. STATS64: all u64, each preceded by nothing (x86 needs no PAD).</summary>
    public static void Stats(NetlinkWriter w, ushort type, IpvsStats stats, bool wide, bool pad = false)
    {
        using (w.BeginNested(type))
        {
            void Counter(ushort t, ulong v)
            {
                if (wide)
                {
                    if (pad)
                    {
                        w.WriteFlag(11); // IPVS_STATS_ATTR_PAD, as nla_put_u64_64bit emits on strict-alignment machines
                    }

                    w.WriteUInt64(t, v);
                }
                else
                {
                    w.WriteUInt32(t, (uint)v);
                }
            }

            Counter(1, stats.Connections);
            Counter(2, stats.InPackets);
            Counter(3, stats.OutPackets);
            w.WriteUInt64(4, stats.InBytes);
            w.WriteUInt64(5, stats.OutBytes);
            Counter(6, stats.ConnectionsPerSecond);
            Counter(7, stats.InPacketsPerSecond);
            Counter(8, stats.OutPacketsPerSecond);
            Counter(9, stats.InBytesPerSecond);
            Counter(10, stats.OutBytesPerSecond);
        }
    }
}
