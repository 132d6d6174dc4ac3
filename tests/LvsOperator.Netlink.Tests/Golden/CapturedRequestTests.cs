using System.Buffers;
using System.Net;
using System.Net.Sockets;
using LvsOperator.Netlink.Codec;
using LvsOperator.Netlink.Generic;
using LvsOperator.Netlink.Ipvs;
using LvsOperator.Netlink.Route;
using LvsOperator.Netlink.Tests.Support;

namespace LvsOperator.Netlink.Tests.Golden;

/// <summary>
/// Our requests against what ipvsadm 1.31 (libnl) and iproute2 6.1 sent to a real kernel, byte for
/// byte after masking sequence, port id and the dynamic family id. Where we deliberately send less
/// (deletes and dest commands carry only the service identity; ipvsadm repeats the whole service),
/// the comparison is of the part we do send.
/// </summary>
public class CapturedRequestTests
{
    private const ushort Family = CapturedConversation.NormalFamilyId;

    public enum Compare
    {
        /// <summary>The whole message.</summary>
        Whole,

        /// <summary>The whole message, ignoring NLM_F_ACK (ipvsadm sets it on dumps, where the kernel ignores it).</summary>
        WholeIgnoringAck,

        /// <summary>The IPVS_CMD_ATTR_DEST attribute only.</summary>
        Destination,

        /// <summary>Our nested attribute's payload is a prefix of theirs (same identity, they add more).</summary>
        NestPrefix,

        /// <summary>Our IPVS_CMD_ATTR_DEST payload is a prefix of theirs (a delete needs only the identity).</summary>
        DestinationPrefix,
    }

    private static IpvsServiceKey Tcp(string address, ushort port) => IpvsServiceKey.ForAddress(IpvsProtocol.Tcp, IPAddress.Parse(address), port);

    private static IpvsServiceKey Udp(string address, ushort port) => IpvsServiceKey.ForAddress(IpvsProtocol.Udp, IPAddress.Parse(address), port);

    private static IpvsServiceKey Sctp(string address, ushort port) => IpvsServiceKey.ForAddress(IpvsProtocol.Sctp, IPAddress.Parse(address), port);

    private static IpvsDestination Dest(string address, ushort port, IpvsForwardingMethod method, int weight = 1) =>
        new(IPAddress.Parse(address), port) { ForwardingMethod = method, Weight = weight };

    private static readonly IpvsServiceKey Tcp4 = Tcp("192.0.2.1", 80);
    private static readonly IpvsServiceKey Mark4 = IpvsServiceKey.ForFirewallMark(AddressFamily.InterNetwork, 1);
    private static readonly IpvsServiceKey Mark6 = IpvsServiceKey.ForFirewallMark(AddressFamily.InterNetworkV6, 2);

    private static Action<NetlinkWriter> Svc(byte command, IpvsService service) => w => IpvsEncoder.ServiceCommand(w, Family, command, service);

    private static Action<NetlinkWriter> DestCmd(byte command, IpvsServiceKey service, IpvsDestination destination, bool full = true) =>
        w => IpvsEncoder.DestinationCommand(w, Family, command, service, destination, full);

    public static TheoryData<string, byte, Compare, Action<NetlinkWriter>> Ipvs => new()
    {
        { "ipvs-add-service-tcp4", 1, Compare.Whole, Svc(1, new(Tcp4) { Scheduler = "wrr" }) },
        { "ipvs-edit-service-tcp4", 2, Compare.Whole, Svc(2, new(Tcp4) { Scheduler = "rr" }) },
        { "ipvs-add-service-udp4", 1, Compare.Whole, Svc(1, new(Udp("192.0.2.1", 53)) { Scheduler = "rr" }) },
        { "ipvs-add-service-sctp4", 1, Compare.Whole, Svc(1, new(Sctp("192.0.2.1", 3868)) { Scheduler = "rr" }) },
        { "ipvs-add-service-tcp6", 1, Compare.Whole, Svc(1, new(Tcp("2001:db8::1", 80)) { Scheduler = "wlc" }) },
        { "ipvs-add-service-udp6", 1, Compare.Whole, Svc(1, new(Udp("2001:db8::1", 53)) { Scheduler = "lc" }) },
        { "ipvs-add-service-sctp6", 1, Compare.Whole, Svc(1, new(Sctp("2001:db8::1", 3868)) { Scheduler = "rr" }) },
        { "ipvs-add-service-fwmark4", 1, Compare.Whole, Svc(1, new(Mark4) { Scheduler = "rr" }) },
        { "ipvs-add-service-fwmark6", 1, Compare.Whole, Svc(1, new(Mark6) { Scheduler = "rr" }) },
        { "ipvs-add-service-sh-flags", 1, Compare.Whole, Svc(1, new(Tcp("192.0.2.2", 80)) { Scheduler = "sh", Flags = IpvsServiceFlags.SourceHashFallback | IpvsServiceFlags.SourceHashPort }) },
        { "ipvs-add-service-mh-port", 1, Compare.Whole, Svc(1, new(Tcp("192.0.2.3", 80)) { Scheduler = "mh", Flags = IpvsServiceFlags.MaglevPort }) },
        { "ipvs-add-service-persistent4", 1, Compare.Whole, Svc(1, new(Tcp("192.0.2.4", 443)) { Scheduler = "rr", Flags = IpvsServiceFlags.Persistent, PersistenceTimeout = 60, Netmask = 0xFFFFFF00 }) },
        { "ipvs-add-service-persistent6", 1, Compare.Whole, Svc(1, new(Tcp("2001:db8::4", 443)) { Scheduler = "rr", Flags = IpvsServiceFlags.Persistent, PersistenceTimeout = 300, Netmask = 64 }) },
        { "ipvs-add-service-ops", 1, Compare.Whole, Svc(1, new(Udp("192.0.2.5", 53)) { Scheduler = "rr", Flags = IpvsServiceFlags.OnePacket }) },
        { "ipvs-add-service-pe-sip", 1, Compare.Whole, Svc(1, new(Udp("192.0.2.6", 5060)) { Scheduler = "rr", Flags = IpvsServiceFlags.Persistent, PersistenceTimeout = 60, PersistenceEngine = "sip" }) },
        { "ipvs-edit-service-persistent4", 2, Compare.Whole, Svc(2, new(Tcp("192.0.2.4", 443)) { Scheduler = "wrr", Flags = IpvsServiceFlags.Persistent, PersistenceTimeout = 120, Netmask = 0xFFFFFF00 }) },
        { "ipvs-edit-service-udp6", 2, Compare.Whole, Svc(2, new(Udp("2001:db8::1", 53)) { Scheduler = "wrr" }) },
        { "ipvs-edit-service-fwmark6", 2, Compare.Whole, Svc(2, new(Mark6) { Scheduler = "wrr" }) },
        { "ipvs-add-dest-route", 5, Compare.Destination, DestCmd(5, Tcp4, Dest("198.18.0.2", 80, IpvsForwardingMethod.DirectRoute, 2)) },
        { "ipvs-add-dest-masq-portmap", 5, Compare.Destination, DestCmd(5, Tcp4, Dest("198.18.0.3", 8080, IpvsForwardingMethod.Masquerade)) },
        { "ipvs-add-dest-tunnel", 5, Compare.Destination, DestCmd(5, Tcp4, Dest("198.18.0.4", 80, IpvsForwardingMethod.Tunnel, 3)) },
        { "ipvs-add-dest-thresholds", 5, Compare.Destination, DestCmd(5, Tcp4, Dest("198.18.0.5", 80, IpvsForwardingMethod.Masquerade, 5) with { UpperThreshold = 1000, LowerThreshold = 100 }) },
        { "ipvs-add-dest-tunnel-gue", 5, Compare.Destination, DestCmd(5, Tcp4, Dest("198.18.0.6", 80, IpvsForwardingMethod.Tunnel) with { TunnelType = IpvsTunnelType.Gue, TunnelPort = 6080 }) },
        { "ipvs-add-dest-tunnel-gre", 5, Compare.Destination, DestCmd(5, Tcp4, Dest("198.18.0.7", 80, IpvsForwardingMethod.Tunnel) with { TunnelType = IpvsTunnelType.Gre, TunnelFlags = IpvsTunnelFlags.Checksum }) },
        { "ipvs-add-dest-udp4", 5, Compare.Destination, DestCmd(5, Udp("192.0.2.1", 53), Dest("198.18.0.2", 53, IpvsForwardingMethod.Masquerade)) },
        { "ipvs-add-dest-tcp6", 5, Compare.Destination, DestCmd(5, Tcp("2001:db8::1", 80), Dest("2001:db8:1::2", 8080, IpvsForwardingMethod.Masquerade)) },
        { "ipvs-add-dest-fwmark4", 5, Compare.Destination, DestCmd(5, Mark4, Dest("198.18.0.8", 0, IpvsForwardingMethod.DirectRoute)) },
        { "ipvs-add-dest-fwmark6", 5, Compare.Destination, DestCmd(5, Mark6, Dest("2001:db8:1::8", 0, IpvsForwardingMethod.DirectRoute)) },
        { "ipvs-edit-dest-drain", 6, Compare.Destination, DestCmd(6, Tcp4, Dest("198.18.0.2", 80, IpvsForwardingMethod.DirectRoute, 0)) },
        { "ipvs-edit-dest-thresholds", 6, Compare.Destination, DestCmd(6, Tcp4, Dest("198.18.0.5", 80, IpvsForwardingMethod.Masquerade, 5) with { UpperThreshold = 2000, LowerThreshold = 200 }) },
        { "ipvs-del-dest", 7, Compare.DestinationPrefix, DestCmd(7, Tcp4, Dest("198.18.0.4", 80, 0), full: false) },
        { "ipvs-del-service-tcp4", 3, Compare.NestPrefix, w => IpvsEncoder.ServiceKeyCommand(w, Family, 3, Tcp4, NetlinkMessageFlags.Ack) },
        { "ipvs-del-service-sctp6", 3, Compare.NestPrefix, w => IpvsEncoder.ServiceKeyCommand(w, Family, 3, Sctp("2001:db8::1", 3868), NetlinkMessageFlags.Ack) },
        { "ipvs-del-service-fwmark6", 3, Compare.NestPrefix, w => IpvsEncoder.ServiceKeyCommand(w, Family, 3, Mark6, NetlinkMessageFlags.Ack) },
        { "ipvs-list", 4, Compare.WholeIgnoringAck, w => IpvsEncoder.Bare(w, Family, 4, NetlinkMessageFlags.Dump) },
        { "ipvs-list", 15, Compare.Whole, w => IpvsEncoder.Bare(w, Family, 15, NetlinkMessageFlags.Ack) },
        { "ipvs-list-one-service", 4, Compare.NestPrefix, w => IpvsEncoder.ServiceKeyCommand(w, Family, 4, Tcp4, NetlinkMessageFlags.Ack) },
        { "ipvs-set-timeouts", 12, Compare.Whole, w => IpvsEncoder.SetTimeouts(w, Family, new IpvsTimeouts(900, 120, 300)) },
        { "ipvs-list-timeouts", 13, Compare.Whole, w => IpvsEncoder.Bare(w, Family, 13, NetlinkMessageFlags.Ack) },
        { "ipvs-list-daemon", 11, Compare.WholeIgnoringAck, w => IpvsEncoder.Bare(w, Family, 11, NetlinkMessageFlags.Dump) },
        { "ipvs-start-daemon-master", 9, Compare.Whole, w => IpvsEncoder.NewDaemon(w, Family, new IpvsSyncDaemon(IpvsSyncState.Master, "lo", 5)) },
        { "ipvs-start-daemon-backup", 9, Compare.Whole, w => IpvsEncoder.NewDaemon(w, Family, new IpvsSyncDaemon(IpvsSyncState.Backup, "lo", 5)) },
        {
            "ipvs-start-daemon-master-options", 9, Compare.Whole, w => IpvsEncoder.NewDaemon(w, Family, new IpvsSyncDaemon(IpvsSyncState.Master, "lo", 6)
            {
                SyncMaxLength = 1400, MulticastGroup = IPAddress.Parse("239.255.0.1"), MulticastPort = 8849, MulticastTtl = 2,
            })
        },
        { "ipvs-stop-daemon-master", 10, Compare.NestPrefix, w => IpvsEncoder.DelDaemon(w, Family, IpvsSyncState.Master) },
    };

    [Theory]
    [MemberData(nameof(Ipvs))]
    public void Ipvs_request_matches_ipvsadm(string slug, byte command, Compare compare, Action<NetlinkWriter> encode)
    {
        foreach (string folder in CapturedConversation.KernelFolders())
        {
            CapturedConversation capture = CapturedConversation.Load(slug, folder);
            byte[] theirs = capture.Normalize(capture.IpvsRequest(command).Bytes);
            AssertSame(compare, theirs, Encode(encode), capture.Kernel);
        }
    }

    [Fact]
    public void Family_lookup_matches_libnl()
    {
        CapturedConversation capture = CapturedConversation.Load("ipvs-add-service-tcp4");
        CapturedMessage request = capture.Messages.First(m => !m.FromKernel && m.Header.Type == 0x10);
        Assert.Equal(Hex.Dump(capture.Normalize(request.Bytes)), Hex.Dump(GenericNetlinkFamily.EncodeGetFamily("IPVS")));
    }

    public static TheoryData<string, ushort, Compare, Action<NetlinkWriter>> Route => new()
    {
        { "addr-add-ip4", 20, Compare.Whole, w => RouteEncoder.AddressRequest(w, 20, NetlinkMessageFlags.Ack | NetlinkMessageFlags.Create | NetlinkMessageFlags.Exclusive, 1, IPAddress.Parse("192.0.2.10"), 32, 0) },
        { "addr-del-ip4", 21, Compare.Whole, w => RouteEncoder.AddressRequest(w, 21, NetlinkMessageFlags.Ack, 1, IPAddress.Parse("192.0.2.10"), 32, 0) },
        { "addr-add-ip6-nodad", 20, Compare.Whole, w => RouteEncoder.AddressRequest(w, 20, NetlinkMessageFlags.Ack | NetlinkMessageFlags.Create | NetlinkMessageFlags.Exclusive, 1, IPAddress.Parse("2001:db8::10"), 128, InterfaceAddressFlags.NoDad) },
        { "addr-del-ip6", 21, Compare.Whole, w => RouteEncoder.AddressRequest(w, 21, NetlinkMessageFlags.Ack, 1, IPAddress.Parse("2001:db8::10"), 128, 0) },
        { "link-add-dummy", 16, Compare.Whole, w => RouteEncoder.LinkRequest(w, 16, NetlinkMessageFlags.Ack | NetlinkMessageFlags.Create | NetlinkMessageFlags.Exclusive, 0, 0, 0, "lvs0", "dummy") },
    };

    [Theory]
    [MemberData(nameof(Route))]
    public void Route_request_matches_iproute2(string slug, ushort type, Compare compare, Action<NetlinkWriter> encode)
    {
        foreach (string folder in CapturedConversation.KernelFolders())
        {
            CapturedConversation capture = CapturedConversation.Load(slug, folder);

            // iproute2 first probes with an empty RTM_NEWLINK; the real request is the last of its type.
            CapturedMessage request = capture.Messages.Last(m => !m.FromKernel && m.Header.Type == type);
            AssertSame(compare, capture.Normalize(request.Bytes), Encode(encode), capture.Kernel);
        }
    }

    [Fact]
    public void Link_up_matches_iproute2()
    {
        CapturedConversation capture = CapturedConversation.Load("link-set-dummy-up");
        CapturedMessage request = capture.Messages.Last(m => !m.FromKernel && m.Header.Type == 16);
        int index = BitConverter.ToInt32(request.Bytes, 20);
        byte[] ours = Encode(w => RouteEncoder.LinkRequest(w, 16, NetlinkMessageFlags.Ack, index, 1, 1, null, null));
        Assert.Equal(Hex.Dump(capture.Normalize(request.Bytes)), Hex.Dump(ours));
    }

    private static byte[] Encode(Action<NetlinkWriter> encode)
    {
        var buffer = new ArrayBufferWriter<byte>();
        encode(new NetlinkWriter(buffer));
        return buffer.WrittenSpan.ToArray();
    }

    private static void AssertSame(Compare compare, byte[] theirs, byte[] ours, string kernel)
    {
        switch (compare)
        {
            case Compare.Whole:
                Assert.Equal(Hex.Dump(theirs), Hex.Dump(ours));
                break;
            case Compare.WholeIgnoringAck:
                theirs[6] &= unchecked((byte)~(byte)NetlinkMessageFlags.Ack);
                ours[6] &= unchecked((byte)~(byte)NetlinkMessageFlags.Ack);
                Assert.Equal(Hex.Dump(theirs), Hex.Dump(ours));
                break;
            case Compare.Destination:
                Assert.Equal(Hex.Dump(Attribute(theirs, 2)), Hex.Dump(Attribute(ours, 2)));
                break;
            case Compare.NestPrefix:
            case Compare.DestinationPrefix:
                Assert.Equal(theirs[16], ours[16]);
                ushort nest = compare == Compare.DestinationPrefix ? (ushort)2 : FirstAttributeType(ours);
                byte[] mine = Attribute(ours, nest);
                byte[] other = Attribute(theirs, nest);
                Assert.True(mine.Length <= other.Length, kernel);
                Assert.Equal(Hex.Dump(mine.AsSpan(4)), Hex.Dump(other.AsSpan(4, mine.Length - 4)));
                break;
        }
    }

    private static ushort FirstAttributeType(byte[] message)
    {
        foreach (NetlinkMessage m in new NetlinkMessageEnumerator(message))
        {
            foreach (NetlinkAttribute a in m.GetAttributes(4))
            {
                return a.Type;
            }
        }

        throw new InvalidOperationException("no attribute");
    }

    /// <summary>The whole attribute (header and payload) of a top-level type, after the genl header.</summary>
    private static byte[] Attribute(byte[] message, ushort type)
    {
        int offset = 20;
        while (offset + 4 <= message.Length)
        {
            int length = BitConverter.ToUInt16(message, offset);
            if ((BitConverter.ToUInt16(message, offset + 2) & NetlinkAttributeType.Mask) == type)
            {
                return message[offset..(offset + length)];
            }

            offset += NetlinkAlignment.Align(length);
        }

        throw new InvalidOperationException($"attribute {type} not found");
    }
}
