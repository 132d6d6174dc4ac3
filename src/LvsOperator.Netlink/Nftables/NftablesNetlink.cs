namespace LvsOperator.Netlink.Nftables;

/// <summary>
/// nfnetlink and nf_tables constants, mirroring <c>linux/netfilter/nfnetlink.h</c> and
/// <c>linux/netfilter/nf_tables.h</c>. nf_tables attributes carry integers in network byte order
/// (<c>__be32</c>, <c>__be64</c>) unless noted.
/// </summary>
internal static class NftablesNetlink
{
    /// <summary><c>NETLINK_NETFILTER</c> (linux/netlink.h).</summary>
    public const int NETLINK_NETFILTER = 12;

    /// <summary><c>NFNL_SUBSYS_NFTABLES</c>: the high byte of every nf_tables message type.</summary>
    public const byte NFNL_SUBSYS_NFTABLES = 10;

    /// <summary><c>NFNL_MSG_BATCH_BEGIN</c> (= <c>NLMSG_MIN_TYPE</c>): opens a transaction; <c>res_id</c> names the subsystem.</summary>
    public const ushort NFNL_MSG_BATCH_BEGIN = 0x10;

    /// <summary><c>NFNL_MSG_BATCH_END</c>: commits the transaction.</summary>
    public const ushort NFNL_MSG_BATCH_END = 0x11;

    /// <summary><c>NFNETLINK_V0</c>: <c>nfgenmsg.version</c>.</summary>
    public const byte NFNETLINK_V0 = 0;

    /// <summary><c>sizeof(struct nfgenmsg)</c>: u8 family, u8 version, __be16 res_id.</summary>
    public const int NfGenMsgSize = 4;

    /// <summary><c>NFPROTO_UNSPEC</c>, <c>NFPROTO_INET</c>, <c>NFPROTO_IPV4</c>, <c>NFPROTO_IPV6</c> (linux/netfilter.h).</summary>
    public const byte NFPROTO_UNSPEC = 0, NFPROTO_INET = 1, NFPROTO_IPV4 = 2, NFPROTO_IPV6 = 10;

    // enum nf_tables_msg_types
    public const byte NFT_MSG_NEWTABLE = 0, NFT_MSG_GETTABLE = 1, NFT_MSG_DELTABLE = 2;
    public const byte NFT_MSG_NEWCHAIN = 3, NFT_MSG_GETCHAIN = 4;
    public const byte NFT_MSG_NEWRULE = 6, NFT_MSG_GETRULE = 7, NFT_MSG_DELRULE = 8;

    /// <summary><c>NLM_F_APPEND</c> (linux/netlink.h): a new rule goes at the end of its chain.</summary>
    public const ushort NLM_F_APPEND = 0x800;

    // enum nft_table_attributes
    public const ushort NFTA_TABLE_NAME = 1, NFTA_TABLE_FLAGS = 2;

    // enum nft_chain_attributes
    public const ushort NFTA_CHAIN_TABLE = 1, NFTA_CHAIN_NAME = 3, NFTA_CHAIN_HOOK = 4, NFTA_CHAIN_POLICY = 5, NFTA_CHAIN_TYPE = 7;

    // enum nft_hook_attributes
    public const ushort NFTA_HOOK_HOOKNUM = 1, NFTA_HOOK_PRIORITY = 2;

    /// <summary><c>NF_INET_POST_ROUTING</c> (enum nf_inet_hooks).</summary>
    public const uint NF_INET_POST_ROUTING = 4;

    /// <summary><c>NF_IP_PRI_NAT_SRC</c>: the priority nft calls <c>srcnat</c>.</summary>
    public const int NF_IP_PRI_NAT_SRC = 100;

    /// <summary><c>NF_ACCEPT</c>: the chain policy.</summary>
    public const uint NF_ACCEPT = 1;

    // enum nft_rule_attributes
    public const ushort NFTA_RULE_TABLE = 1, NFTA_RULE_CHAIN = 2, NFTA_RULE_HANDLE = 3, NFTA_RULE_EXPRESSIONS = 4, NFTA_RULE_USERDATA = 7;

    /// <summary><c>NFTA_LIST_ELEM</c>: one expression of <c>NFTA_RULE_EXPRESSIONS</c>.</summary>
    public const ushort NFTA_LIST_ELEM = 1;

    // enum nft_expr_attributes
    public const ushort NFTA_EXPR_NAME = 1, NFTA_EXPR_DATA = 2;

    /// <summary><c>NFT_REG_1</c>: the first 16-byte data register, as nft uses it.</summary>
    public const uint NFT_REG_1 = 1;

    // enum nft_meta_attributes / nft_meta_keys
    public const ushort NFTA_META_DREG = 1, NFTA_META_KEY = 2;
    public const uint NFT_META_MARK = 3, NFT_META_NFPROTO = 15, NFT_META_L4PROTO = 16;

    // enum nft_cmp_attributes / nft_cmp_ops; enum nft_data_attributes
    public const ushort NFTA_CMP_SREG = 1, NFTA_CMP_OP = 2, NFTA_CMP_DATA = 3;
    public const uint NFT_CMP_EQ = 0, NFT_CMP_NEQ = 1;
    public const ushort NFTA_DATA_VALUE = 1;

    // enum nft_ct_attributes / nft_ct_keys; IP_CT_DIR_ORIGINAL
    public const ushort NFTA_CT_DREG = 1, NFTA_CT_KEY = 2, NFTA_CT_DIRECTION = 3;
    public const uint NFT_CT_PROTO_DST = 12, NFT_CT_DST_IP = 20, NFT_CT_DST_IP6 = 22;
    public const byte IP_CT_DIR_ORIGINAL = 0;

    // enum nft_payload_attributes / nft_payload_bases
    public const ushort NFTA_PAYLOAD_DREG = 1, NFTA_PAYLOAD_BASE = 2, NFTA_PAYLOAD_OFFSET = 3, NFTA_PAYLOAD_LEN = 4;
    public const uint NFT_PAYLOAD_NETWORK_HEADER = 1;

    // enum nft_fib_attributes / nft_fib_result / nft_fib_flags; RTN_LOCAL (linux/rtnetlink.h)
    public const ushort NFTA_FIB_DREG = 1, NFTA_FIB_RESULT = 2, NFTA_FIB_FLAGS = 3;
    public const uint NFT_FIB_RESULT_ADDRTYPE = 3, NFTA_FIB_F_DADDR = 1 << 1, RTN_LOCAL = 2;

    /// <summary><c>NFTNL_UDATA_RULE_COMMENT</c> (libnftnl udata.h): the TLV nft shows as a rule's comment.</summary>
    public const byte NFTNL_UDATA_RULE_COMMENT = 0;

    /// <summary><c>NFT_USERDATA_MAXLEN</c> is 256; nft limits a comment to 128 bytes (<c>NFTNL_UDATA_COMMENT_MAXLEN</c>).</summary>
    public const int CommentMaxBytes = 128;

    public static ushort MessageType(byte message) => (ushort)((NFNL_SUBSYS_NFTABLES << 8) | message);
}
