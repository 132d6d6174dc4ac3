namespace LvsOperator.Netlink.Codec;

/// <summary>Control message types below <c>NLMSG_MIN_TYPE</c> (include/uapi/linux/netlink.h).</summary>
public static class NetlinkMessageType
{
    /// <summary><c>NLMSG_NOOP</c>: nothing, ignore.</summary>
    public const ushort Noop = 1;

    /// <summary><c>NLMSG_ERROR</c>: error or, with error 0, an acknowledgement.</summary>
    public const ushort Error = 2;

    /// <summary><c>NLMSG_DONE</c>: end of a multipart message.</summary>
    public const ushort Done = 3;

    /// <summary><c>NLMSG_OVERRUN</c>: data lost.</summary>
    public const ushort Overrun = 4;

    /// <summary><c>NLMSG_MIN_TYPE</c>: the first type a family may use.</summary>
    public const ushort MinType = 0x10;
}
