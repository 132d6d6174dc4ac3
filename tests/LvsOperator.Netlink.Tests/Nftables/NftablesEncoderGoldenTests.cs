using System.Buffers;
using System.Net;
using LvsOperator.Netlink.Codec;
using LvsOperator.Netlink.Nftables;
using LvsOperator.Netlink.Tests.Support;

namespace LvsOperator.Netlink.Tests.Nftables;

/// <summary>
/// nf_tables requests byte for byte, as <c>nft --debug=mnl</c> (nftables 1.0.6, libnftnl) printed them for
/// <c>add table inet lvsoperator</c>, <c>add chain ... { type nat hook postrouting priority srcnat; policy accept; }</c>
/// and <c>add rule inet lvsoperator postrouting meta l4proto tcp ct original ip daddr 192.0.2.10
/// ct original proto-dst 80 ip daddr != 192.0.2.10 masquerade comment "TCP 192.0.2.10:80"</c>.
/// Sequence 0 (the connection stamps it); little-endian host.
/// </summary>
public class NftablesEncoderGoldenTests
{
    private static byte[] Encode(Action<NetlinkWriter> encode)
    {
        var buffer = new ArrayBufferWriter<byte>();
        encode(new NetlinkWriter(buffer));
        return buffer.WrittenSpan.ToArray();
    }

    private static void Golden(byte[] expected, byte[] actual) => Assert.Equal(Hex.Dump(expected), Hex.Dump(actual));

    [Fact]
    public void Batch_begin_names_the_nftables_subsystem()
    {
        Golden(Hex.Bytes(
            "14 00 00 00",  // nlmsg_len 20
            "10 00",        // NFNL_MSG_BATCH_BEGIN
            "01 00",        // NLM_F_REQUEST
            "00 00 00 00",  // nlmsg_seq
            "00 00 00 00",  // nlmsg_pid
            "00 00 00 0a"), // nfgenmsg: NFPROTO_UNSPEC, NFNETLINK_V0, res_id NFNL_SUBSYS_NFTABLES (__be16)
            Encode(w => NftablesEncoder.Batch(w, NftablesNetlink.NFNL_MSG_BATCH_BEGIN)));
    }

    [Fact]
    public void New_table_without_owner_flag()
    {
        Golden(Hex.Bytes(
            "2c 00 00 00",              // nlmsg_len 44
            "00 0a",                    // NFNL_SUBSYS_NFTABLES << 8 | NFT_MSG_NEWTABLE
            "05 04",                    // NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE
            "00 00 00 00 00 00 00 00",  // seq, pid
            "01 00 00 00",              // nfgenmsg: NFPROTO_INET
            "10 00 01 00",              // NFTA_TABLE_NAME
            "6c 76 73 6f 70 65 72 61 74 6f 72 00", // "lvsoperator\0"
            "08 00 02 00 00 00 00 00"), // NFTA_TABLE_FLAGS = 0 (no NFT_TABLE_F_OWNER)
            Encode(w => NftablesEncoder.Table(w, NftablesNetlink.NFT_MSG_NEWTABLE, NetlinkMessageFlags.Ack | NetlinkMessageFlags.Create, NftablesNetlink.NFPROTO_INET, "lvsoperator")));
    }

    [Fact]
    public void New_nat_chain_at_postrouting_srcnat()
    {
        Golden(Hex.Bytes(
            "58 00 00 00",              // nlmsg_len 88
            "03 0a",                    // NFT_MSG_NEWCHAIN
            "05 04",                    // NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE
            "00 00 00 00 00 00 00 00",
            "01 00 00 00",              // NFPROTO_INET
            "10 00 01 00 6c 76 73 6f 70 65 72 61 74 6f 72 00", // NFTA_CHAIN_TABLE "lvsoperator"
            "10 00 03 00 70 6f 73 74 72 6f 75 74 69 6e 67 00", // NFTA_CHAIN_NAME "postrouting"
            "08 00 07 00 6e 61 74 00",  // NFTA_CHAIN_TYPE "nat"
            "08 00 05 00 00 00 00 01",  // NFTA_CHAIN_POLICY NF_ACCEPT (__be32)
            "14 00 04 80",              // NFTA_CHAIN_HOOK | NLA_F_NESTED
            "08 00 01 00 00 00 00 04",  //   NFTA_HOOK_HOOKNUM NF_INET_POST_ROUTING
            "08 00 02 00 00 00 00 64"), //   NFTA_HOOK_PRIORITY 100 (srcnat)
            Encode(w => NftablesEncoder.Chain(w, NftablesNetlink.NFT_MSG_NEWCHAIN, NetlinkMessageFlags.Ack | NetlinkMessageFlags.Create, NftablesNetlink.NFPROTO_INET, "lvsoperator", "postrouting")));
    }

    [Fact]
    public void Masquerade_rule_for_a_tcp4_service()
    {
        var rule = MasqueradeRule.ForVirtualAddress("TCP 192.0.2.10:80", 6, IPAddress.Parse("192.0.2.10"), 80);
        Golden(Hex.Bytes(
            "0c 02 00 00",              // nlmsg_len 524
            "06 0a",                    // NFT_MSG_NEWRULE
            "05 0c",                    // NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_APPEND
            "00 00 00 00 00 00 00 00",
            "01 00 00 00",              // NFPROTO_INET
            "10 00 01 00 6c 76 73 6f 70 65 72 61 74 6f 72 00", // NFTA_RULE_TABLE
            "10 00 02 00 70 6f 73 74 72 6f 75 74 69 6e 67 00", // NFTA_RULE_CHAIN
            "c0 01 04 80",              // NFTA_RULE_EXPRESSIONS | NLA_F_NESTED, 448 bytes
            "24 00 01 80",              //   NFTA_LIST_ELEM: meta load l4proto => reg 1
            "09 00 01 00 6d 65 74 61 00 00 00 00", // NFTA_EXPR_NAME "meta"
            "14 00 02 80",              //     NFTA_EXPR_DATA
            "08 00 02 00 00 00 00 10",  //       NFTA_META_KEY NFT_META_L4PROTO
            "08 00 01 00 00 00 00 01",  //       NFTA_META_DREG NFT_REG_1
            "2c 00 01 80",              //   cmp eq reg 1 0x06
            "08 00 01 00 63 6d 70 00",  //     NFTA_EXPR_NAME "cmp"
            "20 00 02 80",
            "08 00 01 00 00 00 00 01",  //       NFTA_CMP_SREG NFT_REG_1
            "08 00 02 00 00 00 00 00",  //       NFTA_CMP_OP NFT_CMP_EQ
            "0c 00 03 80",              //       NFTA_CMP_DATA
            "05 00 01 00 06 00 00 00",  //         NFTA_DATA_VALUE IPPROTO_TCP (1 byte)
            "28 00 01 80",              //   ct load dst_ip => reg 1, dir original
            "07 00 01 00 63 74 00 00",  //     "ct"
            "1c 00 02 80",
            "08 00 02 00 00 00 00 14",  //       NFTA_CT_KEY NFT_CT_DST_IP
            "08 00 01 00 00 00 00 01",  //       NFTA_CT_DREG NFT_REG_1
            "05 00 03 00 00 00 00 00",  //       NFTA_CT_DIRECTION IP_CT_DIR_ORIGINAL (u8)
            "2c 00 01 80",              //   cmp eq reg 1 192.0.2.10
            "08 00 01 00 63 6d 70 00",
            "20 00 02 80",
            "08 00 01 00 00 00 00 01",
            "08 00 02 00 00 00 00 00",
            "0c 00 03 80",
            "08 00 01 00 c0 00 02 0a",  //         192.0.2.10
            "28 00 01 80",              //   ct load proto_dst => reg 1, dir original
            "07 00 01 00 63 74 00 00",
            "1c 00 02 80",
            "08 00 02 00 00 00 00 0c",  //       NFT_CT_PROTO_DST
            "08 00 01 00 00 00 00 01",
            "05 00 03 00 00 00 00 00",
            "2c 00 01 80",              //   cmp eq reg 1 80 (__be16)
            "08 00 01 00 63 6d 70 00",
            "20 00 02 80",
            "08 00 01 00 00 00 00 01",
            "08 00 02 00 00 00 00 00",
            "0c 00 03 80",
            "06 00 01 00 00 50 00 00",
            "24 00 01 80",              //   meta load nfproto => reg 1 (nft's payload dependency)
            "09 00 01 00 6d 65 74 61 00 00 00 00",
            "14 00 02 80",
            "08 00 02 00 00 00 00 0f",  //       NFT_META_NFPROTO
            "08 00 01 00 00 00 00 01",
            "2c 00 01 80",              //   cmp eq reg 1 NFPROTO_IPV4
            "08 00 01 00 63 6d 70 00",
            "20 00 02 80",
            "08 00 01 00 00 00 00 01",
            "08 00 02 00 00 00 00 00",
            "0c 00 03 80",
            "05 00 01 00 02 00 00 00",
            "34 00 01 80",              //   payload load 4b @ network header + 16 => reg 1 (ip daddr)
            "0c 00 01 00 70 61 79 6c 6f 61 64 00",
            "24 00 02 80",
            "08 00 01 00 00 00 00 01",  //       NFTA_PAYLOAD_DREG
            "08 00 02 00 00 00 00 01",  //       NFTA_PAYLOAD_BASE NFT_PAYLOAD_NETWORK_HEADER
            "08 00 03 00 00 00 00 10",  //       NFTA_PAYLOAD_OFFSET 16
            "08 00 04 00 00 00 00 04",  //       NFTA_PAYLOAD_LEN 4
            "2c 00 01 80",              //   cmp neq reg 1 192.0.2.10
            "08 00 01 00 63 6d 70 00",
            "20 00 02 80",
            "08 00 01 00 00 00 00 01",
            "08 00 02 00 00 00 00 01",  //       NFT_CMP_NEQ
            "0c 00 03 80",
            "08 00 01 00 c0 00 02 0a",
            "14 00 01 80",              //   masq
            "09 00 01 00 6d 61 73 71 00 00 00 00",
            "04 00 02 80",              //     empty NFTA_EXPR_DATA
            "18 00 07 00",              // NFTA_RULE_USERDATA: udata TLV NFTNL_UDATA_RULE_COMMENT, 18 bytes
            "00 12 54 43 50 20 31 39 32 2e 30 2e 32 2e 31 30 3a 38 30 00"), // "TCP 192.0.2.10:80\0"
            Encode(w => NftablesEncoder.AddRule(w, NftablesNetlink.NFPROTO_INET, "lvsoperator", "postrouting", rule)));
    }

    [Fact]
    public void Delete_rule_by_big_endian_handle()
    {
        Golden(Hex.Bytes(
            "40 00 00 00",              // nlmsg_len 64
            "08 0a",                    // NFT_MSG_DELRULE
            "05 00",                    // NLM_F_REQUEST | NLM_F_ACK
            "00 00 00 00 00 00 00 00",
            "01 00 00 00",
            "10 00 01 00 6c 76 73 6f 70 65 72 61 74 6f 72 00",
            "10 00 02 00 70 6f 73 74 72 6f 75 74 69 6e 67 00",
            "0c 00 03 00 00 00 00 00 00 00 01 02"), // NFTA_RULE_HANDLE 258 (__be64)
            Encode(w => NftablesEncoder.DeleteRule(w, NftablesNetlink.NFPROTO_INET, "lvsoperator", "postrouting", 258)));
    }

    [Theory]
    [InlineData("00 06 46 57 4d 20 37 00", "FWM 7")]            // the comment TLV alone
    [InlineData("01 02 aa bb 00 03 61 62 00", "ab")]             // another TLV first, skipped
    [InlineData("00 05 61 62", null)]                             // truncated: no comment
    [InlineData("00 02 61 62", null)]                             // no nul terminator
    public void Comment_is_read_from_the_udata_tlvs(string userdata, string? comment) =>
        Assert.Equal(comment, NftablesDecoder.Comment(Hex.Bytes(userdata)));

    [Fact]
    public void Comment_round_trips() => Assert.Equal("UDP [2001:db8::1]:53", NftablesDecoder.Comment(NftablesEncoder.Comment("UDP [2001:db8::1]:53")));
}
