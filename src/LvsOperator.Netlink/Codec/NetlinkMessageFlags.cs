namespace LvsOperator.Netlink.Codec;

#pragma warning disable CA1069 // The kernel reuses bits: their meaning depends on the request kind (GET, NEW, or an error reply).

/// <summary><c>nlmsg_flags</c> bits from include/uapi/linux/netlink.h.</summary>
[Flags]
public enum NetlinkMessageFlags : ushort
{
    /// <summary>No flags.</summary>
    None = 0,

    /// <summary><c>NLM_F_REQUEST</c>: it is a request message.</summary>
    Request = 0x01,

    /// <summary><c>NLM_F_MULTI</c>: multipart message, terminated by <c>NLMSG_DONE</c>.</summary>
    Multi = 0x02,

    /// <summary><c>NLM_F_ACK</c>: reply with an acknowledgement (an <c>NLMSG_ERROR</c> with error 0).</summary>
    Ack = 0x04,

    /// <summary><c>NLM_F_ECHO</c>: echo this request.</summary>
    Echo = 0x08,

    /// <summary><c>NLM_F_DUMP_INTR</c>: the dump was inconsistent because the table changed while it was read.</summary>
    DumpInterrupted = 0x10,

    /// <summary><c>NLM_F_DUMP_FILTERED</c>: the dump was filtered as requested.</summary>
    DumpFiltered = 0x20,

    /// <summary><c>NLM_F_ROOT</c> (GET requests): return the complete table.</summary>
    Root = 0x100,

    /// <summary><c>NLM_F_MATCH</c> (GET requests): return all matching entries.</summary>
    Match = 0x200,

    /// <summary><c>NLM_F_DUMP</c> = <c>NLM_F_ROOT | NLM_F_MATCH</c>.</summary>
    Dump = Root | Match,

    /// <summary><c>NLM_F_REPLACE</c> (NEW requests): replace an existing object.</summary>
    Replace = 0x100,

    /// <summary><c>NLM_F_EXCL</c> (NEW requests): fail with EEXIST if the object exists.</summary>
    Exclusive = 0x200,

    /// <summary><c>NLM_F_CREATE</c> (NEW requests): create the object if it does not exist.</summary>
    Create = 0x400,

    /// <summary><c>NLM_F_CAPPED</c> (on <c>NLMSG_ERROR</c>): the echoed request was cut to its header.</summary>
    Capped = 0x100,

    /// <summary><c>NLM_F_ACK_TLVS</c> (on <c>NLMSG_ERROR</c>/<c>NLMSG_DONE</c>): extended ACK attributes follow.</summary>
    AckTlvs = 0x200,
}
