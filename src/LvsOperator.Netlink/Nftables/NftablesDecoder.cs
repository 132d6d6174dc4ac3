using System.Buffers.Binary;
using System.Text;
using LvsOperator.Netlink.Codec;
using static LvsOperator.Netlink.Nftables.NftablesNetlink;

namespace LvsOperator.Netlink.Nftables;

/// <summary>Decodes the parts of nf_tables replies a read needs: a rule's handle and comment.</summary>
internal static class NftablesDecoder
{
    public static NftablesRule Rule(NetlinkMessage message)
    {
        ulong? handle = null;
        string? comment = null;
        foreach (NetlinkAttribute attribute in message.GetAttributes(NfGenMsgSize))
        {
            switch (attribute.Type)
            {
                case NFTA_RULE_HANDLE:
                    handle = attribute.Payload.Length == 8
                        ? BinaryPrimitives.ReadUInt64BigEndian(attribute.Payload)
                        : throw new NetlinkProtocolException($"NFTA_RULE_HANDLE: expected 8 bytes, got {attribute.Payload.Length}.");
                    break;
                case NFTA_RULE_USERDATA:
                    comment = Comment(attribute.Payload);
                    break;
            }
        }

        return new NftablesRule(handle ?? throw new NetlinkProtocolException("NFT_MSG_NEWRULE without NFTA_RULE_HANDLE."), comment);
    }

    /// <summary>
    /// The comment TLV of libnftnl's udata, if any. Other TLVs are skipped; a malformed buffer (written by a
    /// tool that is not nft) is a rule without a comment, not an error: the rule is still in the table.
    /// </summary>
    internal static string? Comment(ReadOnlySpan<byte> userdata)
    {
        while (userdata.Length >= 2)
        {
            byte type = userdata[0];
            int length = userdata[1];
            if (2 + length > userdata.Length)
            {
                return null;
            }

            ReadOnlySpan<byte> value = userdata.Slice(2, length);
            if (type == NFTNL_UDATA_RULE_COMMENT && length > 0 && value[^1] == 0)
            {
                return Encoding.UTF8.GetString(value[..^1]);
            }

            userdata = userdata[(2 + length)..];
        }

        return null;
    }
}
