using System.Buffers;
using System.Net;
using System.Net.Sockets;
using LvsOperator.Netlink.Codec;
using LvsOperator.Netlink.Generic;
using LvsOperator.Netlink.Ipvs;
using LvsOperator.Netlink.Tests.Support;

namespace LvsOperator.Netlink.Tests.Ipvs;

/// <summary>
/// IPVS requests byte for byte, derived from include/uapi/linux/ip_vs.h and the attribute order of
/// ipvsadm's libipvs (ipvs_nl_fill_service_attr / ipvs_nl_fill_dest_attr). Family id 0x20, sequence 0
/// (the connection stamps it), little-endian host.
/// </summary>
public class IpvsEncoderGoldenTests
{
    private const ushort FamilyId = 0x20;

    private static byte[] Encode(Action<NetlinkWriter> encode)
    {
        var buffer = new ArrayBufferWriter<byte>();
        encode(new NetlinkWriter(buffer));
        return buffer.WrittenSpan.ToArray();
    }

    private static void Golden(byte[] expected, byte[] actual) => Assert.Equal(Hex.Dump(expected), Hex.Dump(actual));

    private static readonly IpvsServiceKey Tcp4 = IpvsServiceKey.ForAddress(IpvsProtocol.Tcp, IPAddress.Parse("192.0.2.1"), 80);

    [Fact]
    public void New_service_tcp4_wrr()
    {
        byte[] actual = Encode(w => IpvsEncoder.ServiceCommand(w, FamilyId, 1, new IpvsService(Tcp4) { Scheduler = "wrr" }));
        Golden(Hex.Bytes(
            "68 00 00 00",              // nlmsg_len 104
            "20 00",                    // nlmsg_type: the IPVS family id
            "05 00",                    // NLM_F_REQUEST | NLM_F_ACK
            "00 00 00 00",              // nlmsg_seq (stamped by the connection)
            "00 00 00 00",              // nlmsg_pid 0: the kernel
            "01 01 00 00",              // genlmsghdr: IPVS_CMD_NEW_SERVICE, IPVS_GENL_VERSION 1
            "54 00 01 80",              // IPVS_CMD_ATTR_SERVICE | NLA_F_NESTED (libnl sets it), nla_len 84
            "06 00 01 00 02 00 00 00",  //   IPVS_SVC_ATTR_AF = AF_INET
            "06 00 02 00 06 00 00 00",  //   IPVS_SVC_ATTR_PROTOCOL = IPPROTO_TCP
            "14 00 03 00",              //   IPVS_SVC_ATTR_ADDR, 16 bytes (union nf_inet_addr)
            "c0 00 02 01 00 00 00 00 00 00 00 00 00 00 00 00",
            "06 00 04 00 00 50 00 00",  //   IPVS_SVC_ATTR_PORT = 80 (__be16)
            "08 00 06 00 77 72 72 00",  //   IPVS_SVC_ATTR_SCHED_NAME = "wrr\0"
            "0c 00 07 00",              //   IPVS_SVC_ATTR_FLAGS (struct ip_vs_flags)
            "00 00 00 00",              //     flags = 0
            "ff ff ff ff",              //     mask = ~0
            "08 00 08 00 00 00 00 00",  //   IPVS_SVC_ATTR_TIMEOUT = 0
            "08 00 09 00 ff ff ff ff"), //   IPVS_SVC_ATTR_NETMASK = 255.255.255.255 (__be32)
            actual);
    }

    [Fact]
    public void Set_service_persistent_ipv4_netmask_is_big_endian()
    {
        var service = new IpvsService(Tcp4) { Scheduler = "rr", Flags = IpvsServiceFlags.Persistent | IpvsServiceFlags.Hashed, PersistenceTimeout = 60, Netmask = 0xFFFFFF00 };
        byte[] actual = Encode(w => IpvsEncoder.ServiceCommand(w, FamilyId, 2, service));
        Golden(Hex.Bytes(
            "68 00 00 00", "20 00", "05 00", "00 00 00 00", "00 00 00 00",
            "02 01 00 00",              // IPVS_CMD_SET_SERVICE
            "54 00 01 80",
            "06 00 01 00 02 00 00 00",
            "06 00 02 00 06 00 00 00",
            "14 00 03 00", "c0 00 02 01 00 00 00 00 00 00 00 00 00 00 00 00",
            "06 00 04 00 00 50 00 00",
            "07 00 06 00 72 72 00 00",  //   "rr\0" + 1 pad
            "0c 00 07 00",
            "01 00 00 00",              //     IP_VS_SVC_F_PERSISTENT; HASHED is never sent
            "ff ff ff ff",
            "08 00 08 00 3c 00 00 00",  //   timeout 60
            "08 00 09 00 ff ff ff 00"), //   255.255.255.0
            actual);
    }

    [Fact]
    public void New_service_fwmark_ipv6_with_sh_flags_and_pe()
    {
        var service = new IpvsService(IpvsServiceKey.ForFirewallMark(AddressFamily.InterNetworkV6, 2))
        {
            Scheduler = "sh",
            Flags = IpvsServiceFlags.SourceHashFallback | IpvsServiceFlags.SourceHashPort,
            PersistenceEngine = "sip",
            Netmask = 64,
        };
        byte[] actual = Encode(w => IpvsEncoder.ServiceCommand(w, FamilyId, 1, service));
        Golden(Hex.Bytes(
            "54 00 00 00", "20 00", "05 00", "00 00 00 00", "00 00 00 00",
            "01 01 00 00",
            "40 00 01 80",              // IPVS_CMD_ATTR_SERVICE | NLA_F_NESTED (libnl sets it), 64
            "06 00 01 00 0a 00 00 00",  //   AF_INET6
            "08 00 05 00 02 00 00 00",  //   IPVS_SVC_ATTR_FWMARK = 2 (no protocol, address, port)
            "07 00 06 00 73 68 00 00",  //   "sh"
            "08 00 0b 00 73 69 70 00",  //   IPVS_SVC_ATTR_PE_NAME = "sip"
            "0c 00 07 00",
            "18 00 00 00",              //     IP_VS_SVC_F_SCHED1 | IP_VS_SVC_F_SCHED2
            "ff ff ff ff",
            "08 00 08 00 00 00 00 00",
            "08 00 09 00 40 00 00 00"), //   IPv6 netmask: prefix length 64, host order
            actual);
    }

    [Fact]
    public void Delete_service_sends_only_the_identity()
    {
        byte[] actual = Encode(w => IpvsEncoder.ServiceKeyCommand(w, FamilyId, 3, Tcp4, NetlinkMessageFlags.Ack));
        Golden(Hex.Bytes(
            "44 00 00 00", "20 00", "05 00", "00 00 00 00", "00 00 00 00",
            "03 01 00 00",              // IPVS_CMD_DEL_SERVICE
            "30 00 01 80",
            "06 00 01 00 02 00 00 00",
            "06 00 02 00 06 00 00 00",
            "14 00 03 00", "c0 00 02 01 00 00 00 00 00 00 00 00 00 00 00 00",
            "06 00 04 00 00 50 00 00"),
            actual);
    }

    [Fact]
    public void Dump_services()
    {
        byte[] actual = Encode(w => IpvsEncoder.Bare(w, FamilyId, 4, NetlinkMessageFlags.Dump));
        Golden(Hex.Bytes(
            "14 00 00 00", "20 00",
            "01 03",                    // NLM_F_REQUEST | NLM_F_DUMP (ROOT|MATCH)
            "00 00 00 00", "00 00 00 00",
            "04 01 00 00"),             // IPVS_CMD_GET_SERVICE
            actual);
    }

    [Fact]
    public void New_dest_masquerade_with_weight_and_thresholds()
    {
        var destination = new IpvsDestination(IPAddress.Parse("198.18.0.5"), 8080) { Weight = 5, UpperThreshold = 1000, LowerThreshold = 100 };
        byte[] actual = Encode(w => IpvsEncoder.DestinationCommand(w, FamilyId, 5, Tcp4, destination, full: true));
        Golden(Hex.Bytes(
            "a4 00 00 00", "20 00", "05 00", "00 00 00 00", "00 00 00 00",
            "05 01 00 00",              // IPVS_CMD_NEW_DEST
            "30 00 01 80",              // IPVS_CMD_ATTR_SERVICE | NLA_F_NESTED (libnl sets it): identity only
            "06 00 01 00 02 00 00 00",
            "06 00 02 00 06 00 00 00",
            "14 00 03 00", "c0 00 02 01 00 00 00 00 00 00 00 00 00 00 00 00",
            "06 00 04 00 00 50 00 00",
            "60 00 02 80",              // IPVS_CMD_ATTR_DEST | NLA_F_NESTED (libnl sets it), 96
            "06 00 0b 00 02 00 00 00",  //   IPVS_DEST_ATTR_ADDR_FAMILY = AF_INET
            "14 00 01 00", "c6 12 00 05 00 00 00 00 00 00 00 00 00 00 00 00", // IPVS_DEST_ATTR_ADDR
            "06 00 02 00 1f 90 00 00",  //   IPVS_DEST_ATTR_PORT = 8080 (__be16)
            "08 00 03 00 00 00 00 00",  //   IPVS_DEST_ATTR_FWD_METHOD = IP_VS_CONN_F_MASQ
            "08 00 04 00 05 00 00 00",  //   IPVS_DEST_ATTR_WEIGHT = 5 (u32, not u16)
            "05 00 0d 00 00 00 00 00",  //   IPVS_DEST_ATTR_TUN_TYPE = IPIP: sent always, as ipvsadm 1.31
            "06 00 0e 00 00 00 00 00",  //   IPVS_DEST_ATTR_TUN_PORT = 0
            "06 00 0f 00 00 00 00 00",  //   IPVS_DEST_ATTR_TUN_FLAGS = 0
            "08 00 05 00 e8 03 00 00",  //   IPVS_DEST_ATTR_U_THRESH = 1000
            "08 00 06 00 64 00 00 00"), //   IPVS_DEST_ATTR_L_THRESH = 100
            actual);
    }

    [Fact]
    public void New_dest_gue_tunnel_carries_type_port_and_flags()
    {
        var destination = new IpvsDestination(IPAddress.Parse("198.18.0.6"), 80)
        {
            ForwardingMethod = IpvsForwardingMethod.Tunnel,
            TunnelType = IpvsTunnelType.Gue,
            TunnelPort = 6080,
            TunnelFlags = IpvsTunnelFlags.Checksum,
        };
        byte[] dest = Encode(w => IpvsEncoder.DestinationCommand(w, FamilyId, 5, Tcp4, destination, full: true))[(16 + 4 + 48)..];
        Golden(Hex.Bytes(
            "60 00 02 80",              // IPVS_CMD_ATTR_DEST | NLA_F_NESTED (libnl sets it), 96
            "06 00 0b 00 02 00 00 00",
            "14 00 01 00", "c6 12 00 06 00 00 00 00 00 00 00 00 00 00 00 00",
            "06 00 02 00 00 50 00 00",
            "08 00 03 00 02 00 00 00",  //   IP_VS_CONN_F_TUNNEL
            "08 00 04 00 01 00 00 00",  //   weight 1
            "05 00 0d 00 01 00 00 00",  //   IPVS_DEST_ATTR_TUN_TYPE = GUE (u8)
            "06 00 0e 00 17 c0 00 00",  //   IPVS_DEST_ATTR_TUN_PORT = 6080 (__be16)
            "06 00 0f 00 01 00 00 00",  //   IPVS_DEST_ATTR_TUN_FLAGS = CSUM (u16)
            "08 00 05 00 00 00 00 00",
            "08 00 06 00 00 00 00 00"),
            dest);
    }

    [Fact]
    public void Delete_dest_ipv6_sends_only_the_identity()
    {
        var service = IpvsServiceKey.ForAddress(IpvsProtocol.Tcp, IPAddress.Parse("2001:db8::1"), 80);
        byte[] dest = Encode(w => IpvsEncoder.DestinationCommand(w, FamilyId, 7, service, new IpvsDestination(IPAddress.Parse("2001:db8:1::2"), 8080), full: false))[(16 + 4 + 48)..];
        Golden(Hex.Bytes(
            "28 00 02 80",              // IPVS_CMD_ATTR_DEST | NLA_F_NESTED (libnl sets it), 40
            "06 00 0b 00 0a 00 00 00",
            "14 00 01 00", "20 01 0d b8 00 01 00 00 00 00 00 00 00 00 00 02",
            "06 00 02 00 1f 90 00 00"),
            dest);
    }

    [Fact]
    public void Set_timeouts()
    {
        Golden(Hex.Bytes(
            "2c 00 00 00", "20 00", "05 00", "00 00 00 00", "00 00 00 00",
            "0c 01 00 00",              // IPVS_CMD_SET_CONFIG
            "08 00 04 00 84 03 00 00",  // IPVS_CMD_ATTR_TIMEOUT_TCP = 900
            "08 00 05 00 78 00 00 00",  // IPVS_CMD_ATTR_TIMEOUT_TCP_FIN = 120
            "08 00 06 00 2c 01 00 00"), // IPVS_CMD_ATTR_TIMEOUT_UDP = 300
            Encode(w => IpvsEncoder.SetTimeouts(w, FamilyId, new IpvsTimeouts(900, 120, 300))));
    }

    [Fact]
    public void New_daemon_with_every_option()
    {
        var daemon = new IpvsSyncDaemon(IpvsSyncState.Master, "lo", 6)
        {
            SyncMaxLength = 1400,
            MulticastGroup = IPAddress.Parse("239.255.0.1"),
            MulticastPort = 8849,
            MulticastTtl = 2,
        };
        Golden(Hex.Bytes(
            "50 00 00 00", "20 00", "05 00", "00 00 00 00", "00 00 00 00",
            "09 01 00 00",              // IPVS_CMD_NEW_DAEMON
            "3c 00 03 80",              // IPVS_CMD_ATTR_DAEMON | NLA_F_NESTED (libnl sets it), 60
            "08 00 01 00 01 00 00 00",  //   IPVS_DAEMON_ATTR_STATE = IP_VS_STATE_MASTER
            "07 00 02 00 6c 6f 00 00",  //   IPVS_DAEMON_ATTR_MCAST_IFN = "lo"
            "08 00 03 00 06 00 00 00",  //   IPVS_DAEMON_ATTR_SYNC_ID = 6
            "06 00 04 00 78 05 00 00",  //   IPVS_DAEMON_ATTR_SYNC_MAXLEN = 1400
            "06 00 07 00 91 22 00 00",  //   IPVS_DAEMON_ATTR_MCAST_PORT = 8849 (host-order u16, unlike ports elsewhere)
            "05 00 08 00 02 00 00 00",  //   IPVS_DAEMON_ATTR_MCAST_TTL = 2
            "08 00 05 00 ef ff 00 01"), //   IPVS_DAEMON_ATTR_MCAST_GROUP = 239.255.0.1 (last, as ipvsadm)
            Encode(w => IpvsEncoder.NewDaemon(w, FamilyId, daemon)));
    }

    [Fact]
    public void Get_family_ipvs()
    {
        Golden(Hex.Bytes(
            "20 00 00 00",
            "10 00",                    // GENL_ID_CTRL
            "05 00", "00 00 00 00", "00 00 00 00",
            "03 01 00 00",              // CTRL_CMD_GETFAMILY, version 1
            "09 00 02 00 49 50 56 53 00 00 00 00"), // CTRL_ATTR_FAMILY_NAME = "IPVS"
            GenericNetlinkFamily.EncodeGetFamily("IPVS"));
    }

    [Fact]
    public void Names_longer_than_the_kernel_buffers_are_refused()
    {
        Assert.Throws<ArgumentException>(() => Encode(w => IpvsEncoder.ServiceCommand(w, FamilyId, 1, new IpvsService(Tcp4) { Scheduler = "a-scheduler-name-too-long" })));
        Assert.Throws<ArgumentOutOfRangeException>(() => Encode(w => IpvsEncoder.DestinationCommand(w, FamilyId, 5, Tcp4, new IpvsDestination(IPAddress.Loopback, 1) { Weight = -1 }, full: true)));
    }
}
