using System.Net.Sockets;
using LvsOperator.Netlink.Codec;
using LvsOperator.Netlink.Connection;
using LvsOperator.Netlink.Fou;
using LvsOperator.Netlink.Generic;
using LvsOperator.Netlink.Tests.Support;

namespace LvsOperator.Netlink.Tests.Fou;

/// <summary>
/// fou requests byte for byte as iproute2's ip/ipfou.c builds them (<c>ip fou add port 6080 gue</c>: port, type, AF,
/// NLM_F_ACK added by rtnl_talk), and replies as the kernel's <c>fou_fill_info</c> writes them. Family id 0x1d as an
/// example (the kernel assigns it); sequence 0 (the connection stamps it); little-endian host.
/// </summary>
public class FouCodecTests
{
    private const ushort FamilyId = 0x1d;

    [Fact]
    public void Add_gue_port_is_ip_fou_add_port_6080_gue()
    {
        GoldenBytes.Equal(Hex.Bytes(
            "2c 00 00 00",              // nlmsg_len 44
            "1d 00",                    // the fou family's id
            "05 00",                    // NLM_F_REQUEST | NLM_F_ACK
            "00 00 00 00 00 00 00 00",  // seq, pid
            "01 01 00 00",              // genlmsghdr: FOU_CMD_ADD, FOU_GENL_VERSION
            "06 00 01 00 17 c0 00 00",  // FOU_ATTR_PORT 6080 (__be16), padded
            "05 00 04 00 02 00 00 00",  // FOU_ATTR_TYPE FOU_ENCAP_GUE
            "05 00 02 00 02 00 00 00"), // FOU_ATTR_AF AF_INET
            GoldenBytes.Encode(w => FouEncoder.GuePort(w, FamilyId, FouNetlink.FOU_CMD_ADD, 6080, AddressFamily.InterNetwork)));
    }

    [Fact]
    public void Delete_ipv6_port_is_ip_fou_del_port_5555_gue_dash_6()
    {
        GoldenBytes.Equal(Hex.Bytes(
            "2c 00 00 00",              // nlmsg_len 44
            "1d 00",
            "05 00",                    // NLM_F_REQUEST | NLM_F_ACK
            "00 00 00 00 00 00 00 00",
            "02 01 00 00",              // FOU_CMD_DEL, FOU_GENL_VERSION
            "06 00 01 00 15 b3 00 00",  // FOU_ATTR_PORT 5555 (__be16)
            "05 00 04 00 02 00 00 00",  // FOU_ATTR_TYPE FOU_ENCAP_GUE (the kernel matches port and family only)
            "05 00 02 00 0a 00 00 00"), // FOU_ATTR_AF AF_INET6
            GoldenBytes.Encode(w => FouEncoder.GuePort(w, FamilyId, FouNetlink.FOU_CMD_DEL, 5555, AddressFamily.InterNetworkV6)));
    }

    [Fact]
    public void Show_is_a_bare_get_dump()
    {
        GoldenBytes.Equal(Hex.Bytes(
            "14 00 00 00",              // nlmsg_len 20
            "1d 00",
            "01 03",                    // NLM_F_REQUEST | NLM_F_DUMP (NLM_F_ROOT | NLM_F_MATCH)
            "00 00 00 00 00 00 00 00",
            "03 01 00 00"),             // FOU_CMD_GET, FOU_GENL_VERSION
            GoldenBytes.Encode(w => FouEncoder.Dump(w, FamilyId)));
    }

    [Fact]
    public void An_unspecified_family_is_refused_before_anything_is_written() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => GoldenBytes.Encode(w => FouEncoder.GuePort(w, FamilyId, FouNetlink.FOU_CMD_ADD, 6080, AddressFamily.Unspecified)));

    /// <summary>One dump entry as fou_fill_info writes it for <c>ip fou add port 6080 gue</c>.</summary>
    private static readonly string[] GueReply =
    [
        "54 00 00 00",              // nlmsg_len 84
        "1d 00",
        "02 00",                    // NLM_F_MULTI
        "00 00 00 00 00 00 00 00",
        "03 01 00 00",              // FOU_CMD_GET
        "05 00 02 00 02 00 00 00",  // FOU_ATTR_AF AF_INET
        "06 00 01 00 17 c0 00 00",  // FOU_ATTR_PORT 6080
        "06 00 0a 00 00 00 00 00",  // FOU_ATTR_PEER_PORT 0
        "05 00 03 00 00 00 00 00",  // FOU_ATTR_IPPROTO 0 (GUE names it per packet)
        "05 00 04 00 02 00 00 00",  // FOU_ATTR_TYPE FOU_ENCAP_GUE
        "08 00 0b 00 00 00 00 00",  // FOU_ATTR_IFINDEX 0
        "08 00 06 00 00 00 00 00",  // FOU_ATTR_LOCAL_V4 0.0.0.0
        "08 00 08 00 00 00 00 00",  // FOU_ATTR_PEER_V4 0.0.0.0
    ];

    [Fact]
    public void A_gue_port_on_every_address_decodes()
    {
        Assert.Equal(new FouPort(6080, AddressFamily.InterNetwork, FouEncapsulation.Gue, 0, Bound: false), Decode(Hex.Bytes(GueReply)));
    }

    [Fact]
    public void A_direct_ipv6_port_bound_to_a_local_address_decodes_as_bound()
    {
        byte[] reply = Hex.Bytes(
            "5c 00 00 00",              // nlmsg_len 92
            "1d 00", "02 00", "00 00 00 00 00 00 00 00",
            "03 01 00 00",              // FOU_CMD_GET
            "05 00 02 00 0a 00 00 00",  // FOU_ATTR_AF AF_INET6
            "06 00 01 00 1f 90 00 00",  // FOU_ATTR_PORT 8080
            "05 00 03 00 04 00 00 00",  // FOU_ATTR_IPPROTO 4 (IPIP)
            "05 00 04 00 01 00 00 00",  // FOU_ATTR_TYPE FOU_ENCAP_DIRECT
            "14 00 07 00 20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01", // FOU_ATTR_LOCAL_V6 2001:db8::1
            "14 00 09 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"); // FOU_ATTR_PEER_V6 ::
        Assert.Equal(new FouPort(8080, AddressFamily.InterNetworkV6, FouEncapsulation.Direct, 4, Bound: true), Decode(reply));
    }

    [Fact]
    public void A_reply_without_a_port_or_with_a_short_one_is_a_protocol_error()
    {
        byte[] noPort = Hex.Bytes("1c 00 00 00", "1d 00", "02 00", "00 00 00 00 00 00 00 00", "03 01 00 00",
            "05 00 04 00 02 00 00 00"); // FOU_ATTR_TYPE only
        Assert.Throws<NetlinkProtocolException>(() => Decode(noPort));
        byte[] shortPort = Hex.Bytes("1c 00 00 00", "1d 00", "02 00", "00 00 00 00 00 00 00 00", "03 01 00 00",
            "05 00 01 00 17 00 00 00"); // FOU_ATTR_PORT with one byte
        Assert.Throws<NetlinkProtocolException>(() => Decode(shortPort));
    }

    [Fact]
    public async Task The_client_lists_the_dump_and_reports_the_kernels_errno()
    {
        var transport = new ScriptedTransport(sent =>
        {
            var (header, payload) = Assert.Single(ScriptedTransport.Requests(sent));
            return payload[0] switch
            {
                FouNetlink.FOU_CMD_GET => [Replies.Concat(Stamp(Hex.Bytes(GueReply), header.Sequence), Replies.Done(header.Sequence))],
                _ => [Replies.Error(header.Sequence, Errnos.EINVAL)], // fou_destroy: no such port
            };
        });
        using var client = new FouClient(new NetlinkConnection(transport, new NetlinkConnectionOptions()), new GenericNetlinkFamily("fou", FamilyId, 1, 0, 11));

        Assert.Equal([new FouPort(6080, AddressFamily.InterNetwork, FouEncapsulation.Gue, 0, false)], await client.GetPortsAsync());
        var missing = await Assert.ThrowsAsync<NetlinkException>(() => client.DeletePortAsync(6081, AddressFamily.InterNetwork));
        Assert.Equal((Errnos.EINVAL, "FOU_CMD_DEL"), (missing.Errno, missing.Operation));
    }

    private static FouPort Decode(byte[] reply)
    {
        foreach (NetlinkMessage message in new NetlinkMessageEnumerator(reply)) return FouDecoder.Port(message);
        throw new InvalidOperationException("no message");
    }

    /// <summary>The reply with the request's sequence and the scripted port id.</summary>
    private static byte[] Stamp(byte[] reply, uint sequence)
    {
        BitConverter.TryWriteBytes(reply.AsSpan(8, 4), sequence);
        BitConverter.TryWriteBytes(reply.AsSpan(12, 4), ScriptedTransport.Port);
        return reply;
    }
}
