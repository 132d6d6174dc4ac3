using System.Net.Sockets;
using LvsOperator.Netlink.Codec;
using static LvsOperator.Netlink.Ipvs.IpvsNetlink;

namespace LvsOperator.Netlink.Ipvs;

/// <summary>
/// Encodes IPVS requests in the attribute order ipvsadm's libipvs uses (so captures compare
/// byte for byte), with the fields <c>ip_vs_genl_parse_service</c>/<c>_parse_dest</c> require:
/// identity always; scheduler, flags, timeout and netmask for NEW/SET_SERVICE; forwarding method,
/// weight and thresholds for NEW/SET_DEST.
/// </summary>
internal static class IpvsEncoder
{
    private const ushort AF_INET = 2;
    private const ushort AF_INET6 = 10;

    public static void ServiceCommand(NetlinkWriter writer, ushort familyId, byte command, IpvsService service)
    {
        using (writer.BeginMessage(familyId, NetlinkMessageFlags.Request | NetlinkMessageFlags.Ack))
        {
            writer.WriteGenericHeader(command, IPVS_GENL_VERSION);
            WriteService(writer, service);
        }
    }

    public static void ServiceKeyCommand(NetlinkWriter writer, ushort familyId, byte command, IpvsServiceKey key, NetlinkMessageFlags flags)
    {
        using (writer.BeginMessage(familyId, NetlinkMessageFlags.Request | flags))
        {
            writer.WriteGenericHeader(command, IPVS_GENL_VERSION);
            using (writer.BeginNested(IPVS_CMD_ATTR_SERVICE, markNested: true))
            {
                WriteServiceIdentity(writer, key);
            }
        }
    }

    public static void DestinationCommand(NetlinkWriter writer, ushort familyId, byte command, IpvsServiceKey service, IpvsDestination destination, bool full)
    {
        using (writer.BeginMessage(familyId, NetlinkMessageFlags.Request | NetlinkMessageFlags.Ack))
        {
            writer.WriteGenericHeader(command, IPVS_GENL_VERSION);
            using (writer.BeginNested(IPVS_CMD_ATTR_SERVICE, markNested: true))
            {
                WriteServiceIdentity(writer, service);
            }

            WriteDestination(writer, destination, full);
        }
    }

    public static void Bare(NetlinkWriter writer, ushort familyId, byte command, NetlinkMessageFlags flags)
    {
        using (writer.BeginMessage(familyId, NetlinkMessageFlags.Request | flags))
        {
            writer.WriteGenericHeader(command, IPVS_GENL_VERSION);
        }
    }

    public static void SetTimeouts(NetlinkWriter writer, ushort familyId, IpvsTimeouts timeouts)
    {
        using (writer.BeginMessage(familyId, NetlinkMessageFlags.Request | NetlinkMessageFlags.Ack))
        {
            writer.WriteGenericHeader(IPVS_CMD_SET_CONFIG, IPVS_GENL_VERSION);
            writer.WriteUInt32(IPVS_CMD_ATTR_TIMEOUT_TCP, timeouts.Tcp);
            writer.WriteUInt32(IPVS_CMD_ATTR_TIMEOUT_TCP_FIN, timeouts.TcpFin);
            writer.WriteUInt32(IPVS_CMD_ATTR_TIMEOUT_UDP, timeouts.Udp);
        }
    }

    public static void NewDaemon(NetlinkWriter writer, ushort familyId, IpvsSyncDaemon daemon)
    {
        CheckName(daemon.MulticastInterface, "interface");
        using (writer.BeginMessage(familyId, NetlinkMessageFlags.Request | NetlinkMessageFlags.Ack))
        {
            writer.WriteGenericHeader(IPVS_CMD_NEW_DAEMON, IPVS_GENL_VERSION);
            using (writer.BeginNested(IPVS_CMD_ATTR_DAEMON, markNested: true))
            {
                writer.WriteUInt32(IPVS_DAEMON_ATTR_STATE, (uint)daemon.State);
                writer.WriteString(IPVS_DAEMON_ATTR_MCAST_IFN, daemon.MulticastInterface);
                writer.WriteUInt32(IPVS_DAEMON_ATTR_SYNC_ID, daemon.SyncId);

                // ipvsadm's order: maxlen, port, ttl, then the group.
                if (daemon.SyncMaxLength is ushort maxLength)
                {
                    writer.WriteUInt16(IPVS_DAEMON_ATTR_SYNC_MAXLEN, maxLength);
                }

                if (daemon.MulticastPort is ushort port)
                {
                    // A host-order u16 (the kernel htons()es it itself), unlike the __be16 service ports.
                    writer.WriteUInt16(IPVS_DAEMON_ATTR_MCAST_PORT, port);
                }

                if (daemon.MulticastTtl is byte ttl)
                {
                    writer.WriteUInt8(IPVS_DAEMON_ATTR_MCAST_TTL, ttl);
                }

                if (daemon.MulticastGroup is { } group)
                {
                    ushort type = group.AddressFamily == AddressFamily.InterNetworkV6 ? IPVS_DAEMON_ATTR_MCAST_GROUP6 : IPVS_DAEMON_ATTR_MCAST_GROUP;
                    writer.WriteAddress(type, group);
                }
            }
        }
    }

    public static void DelDaemon(NetlinkWriter writer, ushort familyId, IpvsSyncState state)
    {
        using (writer.BeginMessage(familyId, NetlinkMessageFlags.Request | NetlinkMessageFlags.Ack))
        {
            writer.WriteGenericHeader(IPVS_CMD_DEL_DAEMON, IPVS_GENL_VERSION);
            using (writer.BeginNested(IPVS_CMD_ATTR_DAEMON, markNested: true))
            {
                writer.WriteUInt32(IPVS_DAEMON_ATTR_STATE, (uint)state);
            }
        }
    }

    private static void WriteService(NetlinkWriter writer, IpvsService service)
    {
        CheckName(service.Scheduler, "scheduler");
        if (service.PersistenceEngine is not null)
        {
            CheckName(service.PersistenceEngine, "persistence engine");
        }

        using (writer.BeginNested(IPVS_CMD_ATTR_SERVICE, markNested: true))
        {
            WriteServiceIdentity(writer, service.Key);
            writer.WriteString(IPVS_SVC_ATTR_SCHED_NAME, service.Scheduler);
            if (!string.IsNullOrEmpty(service.PersistenceEngine))
            {
                writer.WriteString(IPVS_SVC_ATTR_PE_NAME, service.PersistenceEngine);
            }

            // struct ip_vs_flags { flags; mask }: a full mask makes the sent flags the whole truth.
            // HASHED is the kernel's bookkeeping: a service added with it set is never hashed in.
            Span<byte> flags = stackalloc byte[8];
            HostOrder.Write(flags, (uint)(service.Flags & ~IpvsServiceFlags.Hashed));
            HostOrder.Write(flags[4..], uint.MaxValue);
            writer.WriteBytes(IPVS_SVC_ATTR_FLAGS, flags);
            writer.WriteUInt32(IPVS_SVC_ATTR_TIMEOUT, service.PersistenceTimeout);
            if (service.Key.Family == AddressFamily.InterNetwork)
            {
                writer.WriteBigEndianUInt32(IPVS_SVC_ATTR_NETMASK, service.Netmask);
            }
            else
            {
                writer.WriteUInt32(IPVS_SVC_ATTR_NETMASK, service.Netmask);
            }
        }
    }

    private static void WriteServiceIdentity(NetlinkWriter writer, IpvsServiceKey key)
    {
        if (key.Address is null && !key.IsFirewallMark)
        {
            throw new ArgumentException("The service key is empty (default).", nameof(key));
        }

        writer.WriteUInt16(IPVS_SVC_ATTR_AF, FamilyNumber(key.Family));
        if (key.IsFirewallMark)
        {
            writer.WriteUInt32(IPVS_SVC_ATTR_FWMARK, key.FirewallMark);
        }
        else
        {
            writer.WriteUInt16(IPVS_SVC_ATTR_PROTOCOL, (ushort)key.Protocol);
            writer.WriteInetAddress(IPVS_SVC_ATTR_ADDR, key.Address!);
            writer.WriteBigEndianUInt16(IPVS_SVC_ATTR_PORT, key.Port);
        }
    }

    private static void WriteDestination(NetlinkWriter writer, IpvsDestination destination, bool full)
    {
        if (full && destination.Weight < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(destination), "A destination weight cannot be negative.");
        }

        using (writer.BeginNested(IPVS_CMD_ATTR_DEST, markNested: true))
        {
            writer.WriteUInt16(IPVS_DEST_ATTR_ADDR_FAMILY, FamilyNumber(destination.Family));
            writer.WriteInetAddress(IPVS_DEST_ATTR_ADDR, destination.Address);
            writer.WriteBigEndianUInt16(IPVS_DEST_ATTR_PORT, destination.Port);
            if (!full)
            {
                return;
            }

            writer.WriteUInt32(IPVS_DEST_ATTR_FWD_METHOD, (uint)destination.ForwardingMethod);
            writer.WriteUInt32(IPVS_DEST_ATTR_WEIGHT, (uint)destination.Weight);
            // Always, as ipvsadm 1.31 does (captured); the kernel keeps them and uses them for TUN.
            writer.WriteUInt8(IPVS_DEST_ATTR_TUN_TYPE, (byte)destination.TunnelType);
            writer.WriteBigEndianUInt16(IPVS_DEST_ATTR_TUN_PORT, destination.TunnelPort);
            writer.WriteUInt16(IPVS_DEST_ATTR_TUN_FLAGS, (ushort)destination.TunnelFlags);
            writer.WriteUInt32(IPVS_DEST_ATTR_U_THRESH, destination.UpperThreshold);
            writer.WriteUInt32(IPVS_DEST_ATTR_L_THRESH, destination.LowerThreshold);
        }
    }

    internal static ushort FamilyNumber(AddressFamily family) => family switch
    {
        AddressFamily.InterNetwork => AF_INET,
        AddressFamily.InterNetworkV6 => AF_INET6,
        _ => throw new ArgumentException($"IPVS supports IPv4 and IPv6, not {family}.", nameof(family)),
    };

    private static void CheckName(string name, string what)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (System.Text.Encoding.UTF8.GetByteCount(name) > NameMaxLength)
        {
            throw new ArgumentException($"The {what} name '{name}' is longer than {NameMaxLength} bytes.", nameof(name));
        }
    }
}
