using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using LvsOperator.Netlink.Codec;
using static LvsOperator.Netlink.Nftables.NftablesNetlink;

namespace LvsOperator.Netlink.Nftables;

/// <summary>
/// Encodes nf_tables requests the way nft (libnftnl) lays them out, as <c>nft --debug=mnl</c> prints them:
/// nested attributes flagged <c>NLA_F_NESTED</c>, integers big-endian, registers <c>NFT_REG_1</c>.
/// </summary>
internal static class NftablesEncoder
{
    /// <summary><c>NFNL_MSG_BATCH_BEGIN</c>/<c>END</c>: family unspecified, <c>res_id</c> = the nf_tables subsystem.</summary>
    public static void Batch(NetlinkWriter writer, ushort type)
    {
        using (writer.BeginMessage(type, NetlinkMessageFlags.Request))
        {
            Header(writer, NFPROTO_UNSPEC, NFNL_SUBSYS_NFTABLES);
        }
    }

    public static void Table(NetlinkWriter writer, byte message, NetlinkMessageFlags flags, byte family, string table)
    {
        using (writer.BeginMessage(MessageType(message), NetlinkMessageFlags.Request | flags))
        {
            Header(writer, family);
            writer.WriteString(NFTA_TABLE_NAME, table);
            if (message == NFT_MSG_NEWTABLE)
            {
                // No NFT_TABLE_F_OWNER: the table must outlive the agent's socket, NAT bindings live on in conntrack.
                writer.WriteBigEndianUInt32(NFTA_TABLE_FLAGS, 0);
            }
        }
    }

    /// <summary><c>NFT_MSG_GETCHAIN</c> for one chain, or <c>NFT_MSG_NEWCHAIN</c> of a NAT base chain at postrouting, priority srcnat, policy accept.</summary>
    public static void Chain(NetlinkWriter writer, byte message, NetlinkMessageFlags flags, byte family, string table, string chain)
    {
        using (writer.BeginMessage(MessageType(message), NetlinkMessageFlags.Request | flags))
        {
            Header(writer, family);
            writer.WriteString(NFTA_CHAIN_TABLE, table);
            writer.WriteString(NFTA_CHAIN_NAME, chain);
            if (message != NFT_MSG_NEWCHAIN)
            {
                return;
            }

            writer.WriteString(NFTA_CHAIN_TYPE, "nat");
            writer.WriteBigEndianUInt32(NFTA_CHAIN_POLICY, NF_ACCEPT);
            using (writer.BeginNested(NFTA_CHAIN_HOOK, markNested: true))
            {
                writer.WriteBigEndianUInt32(NFTA_HOOK_HOOKNUM, NF_INET_POST_ROUTING);
                writer.WriteBigEndianUInt32(NFTA_HOOK_PRIORITY, NF_IP_PRI_NAT_SRC);
            }
        }
    }

    /// <summary><c>NFT_MSG_GETRULE</c> dump of one chain (the kernel filters by table and chain).</summary>
    public static void RuleDump(NetlinkWriter writer, byte family, string table, string chain)
    {
        using (writer.BeginMessage(MessageType(NFT_MSG_GETRULE), NetlinkMessageFlags.Request | NetlinkMessageFlags.Dump))
        {
            Header(writer, family);
            writer.WriteString(NFTA_RULE_TABLE, table);
            writer.WriteString(NFTA_RULE_CHAIN, chain);
        }
    }

    public static void DeleteRule(NetlinkWriter writer, byte family, string table, string chain, ulong handle)
    {
        using (writer.BeginMessage(MessageType(NFT_MSG_DELRULE), NetlinkMessageFlags.Request | NetlinkMessageFlags.Ack))
        {
            Header(writer, family);
            writer.WriteString(NFTA_RULE_TABLE, table);
            writer.WriteString(NFTA_RULE_CHAIN, chain);
            Span<byte> value = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(value, handle);
            writer.WriteBytes(NFTA_RULE_HANDLE, value);
        }
    }

    public static void AddRule(NetlinkWriter writer, byte family, string table, string chain, MasqueradeRule rule)
    {
        var flags = NetlinkMessageFlags.Request | NetlinkMessageFlags.Ack | NetlinkMessageFlags.Create | (NetlinkMessageFlags)NLM_F_APPEND;
        using (writer.BeginMessage(MessageType(NFT_MSG_NEWRULE), flags))
        {
            Header(writer, family);
            writer.WriteString(NFTA_RULE_TABLE, table);
            writer.WriteString(NFTA_RULE_CHAIN, chain);
            using (writer.BeginNested(NFTA_RULE_EXPRESSIONS, markNested: true))
            {
                Expressions(writer, rule);
            }

            writer.WriteBytes(NFTA_RULE_USERDATA, Comment(rule.Comment));
        }
    }

    private static void Expressions(NetlinkWriter writer, MasqueradeRule rule)
    {
        bool ipv6 = rule.Family == AddressFamily.InterNetworkV6;
        if (rule.VirtualAddress is { } vip)
        {
            Meta(writer, NFT_META_L4PROTO);
            Compare(writer, NFT_CMP_EQ, [rule.Protocol]);
            Ct(writer, ipv6 ? NFT_CT_DST_IP6 : NFT_CT_DST_IP);
            Compare(writer, NFT_CMP_EQ, vip.GetAddressBytes());
            if (rule.Port != 0)
            {
                Ct(writer, NFT_CT_PROTO_DST);
                Compare(writer, NFT_CMP_EQ, [(byte)(rule.Port >> 8), (byte)rule.Port]);
            }

            // nft's dependency for a network-header payload in an inet chain.
            Meta(writer, NFT_META_NFPROTO);
            Compare(writer, NFT_CMP_EQ, [ipv6 ? NFPROTO_IPV6 : NFPROTO_IPV4]);
            // daddr: offset 16 in struct iphdr, 24 in struct ipv6hdr.
            Payload(writer, ipv6 ? 24u : 16u, ipv6 ? 16u : 4u);
            Compare(writer, NFT_CMP_NEQ, vip.GetAddressBytes());
        }
        else
        {
            Meta(writer, NFT_META_NFPROTO);
            Compare(writer, NFT_CMP_EQ, [ipv6 ? NFPROTO_IPV6 : NFPROTO_IPV4]);
            Meta(writer, NFT_META_MARK);
            Compare(writer, NFT_CMP_EQ, HostUInt32(rule.Mark!.Value));
            Fib(writer);
            Compare(writer, NFT_CMP_NEQ, HostUInt32(RTN_LOCAL));
        }

        using (Expression(writer, "masq"))
        {
            // No flags: masquerade to the outgoing interface's primary address, any port.
        }
    }

    private static void Meta(NetlinkWriter writer, uint key)
    {
        using (Expression(writer, "meta"))
        {
            writer.WriteBigEndianUInt32(NFTA_META_KEY, key);
            writer.WriteBigEndianUInt32(NFTA_META_DREG, NFT_REG_1);
        }
    }

    private static void Ct(NetlinkWriter writer, uint key)
    {
        using (Expression(writer, "ct"))
        {
            writer.WriteBigEndianUInt32(NFTA_CT_KEY, key);
            writer.WriteBigEndianUInt32(NFTA_CT_DREG, NFT_REG_1);
            writer.WriteUInt8(NFTA_CT_DIRECTION, IP_CT_DIR_ORIGINAL);
        }
    }

    private static void Payload(NetlinkWriter writer, uint offset, uint length)
    {
        using (Expression(writer, "payload"))
        {
            writer.WriteBigEndianUInt32(NFTA_PAYLOAD_DREG, NFT_REG_1);
            writer.WriteBigEndianUInt32(NFTA_PAYLOAD_BASE, NFT_PAYLOAD_NETWORK_HEADER);
            writer.WriteBigEndianUInt32(NFTA_PAYLOAD_OFFSET, offset);
            writer.WriteBigEndianUInt32(NFTA_PAYLOAD_LEN, length);
        }
    }

    private static void Fib(NetlinkWriter writer)
    {
        using (Expression(writer, "fib"))
        {
            writer.WriteBigEndianUInt32(NFTA_FIB_DREG, NFT_REG_1);
            writer.WriteBigEndianUInt32(NFTA_FIB_RESULT, NFT_FIB_RESULT_ADDRTYPE);
            writer.WriteBigEndianUInt32(NFTA_FIB_FLAGS, NFTA_FIB_F_DADDR);
        }
    }

    private static void Compare(NetlinkWriter writer, uint op, ReadOnlySpan<byte> value)
    {
        using (Expression(writer, "cmp"))
        {
            writer.WriteBigEndianUInt32(NFTA_CMP_SREG, NFT_REG_1);
            writer.WriteBigEndianUInt32(NFTA_CMP_OP, op);
            using (writer.BeginNested(NFTA_CMP_DATA, markNested: true))
            {
                writer.WriteBytes(NFTA_DATA_VALUE, value);
            }
        }
    }

    /// <summary>Opens <c>NFTA_LIST_ELEM</c> with the expression's name and its <c>NFTA_EXPR_DATA</c>; the caller writes the data.</summary>
    private static ExpressionScope Expression(NetlinkWriter writer, string name)
    {
        var element = writer.BeginNested(NFTA_LIST_ELEM, markNested: true);
        writer.WriteString(NFTA_EXPR_NAME, name);
        return new ExpressionScope(element, writer.BeginNested(NFTA_EXPR_DATA, markNested: true));
    }

    /// <summary>Meta marks and address types are host-order u32 register values.</summary>
    private static byte[] HostUInt32(uint value)
    {
        var bytes = new byte[4];
        HostOrder.Write(bytes, value);
        return bytes;
    }

    /// <summary>libnftnl's udata TLV: u8 type (comment), u8 length, the text with its nul.</summary>
    internal static byte[] Comment(string comment)
    {
        int length = Encoding.UTF8.GetByteCount(comment) + 1;
        var tlv = new byte[2 + length];
        tlv[0] = NFTNL_UDATA_RULE_COMMENT;
        tlv[1] = (byte)length;
        Encoding.UTF8.GetBytes(comment, tlv.AsSpan(2));
        return tlv;
    }

    private static void Header(NetlinkWriter writer, byte family, ushort resourceId = 0)
    {
        Span<byte> header = stackalloc byte[NfGenMsgSize];
        header[0] = family;
        header[1] = NFNETLINK_V0;
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], resourceId);
        writer.WriteFamilyHeader(header);
    }

    /// <summary>Closes an expression's data, then its list element.</summary>
    private readonly ref struct ExpressionScope(NetlinkWriter.NestScope element, NetlinkWriter.NestScope data)
    {
        private readonly NetlinkWriter.NestScope _element = element;
        private readonly NetlinkWriter.NestScope _data = data;

        public void Dispose()
        {
            _data.Dispose();
            _element.Dispose();
        }
    }
}
