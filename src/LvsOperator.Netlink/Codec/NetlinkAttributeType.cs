namespace LvsOperator.Netlink.Codec;

/// <summary>Bits of <c>nla_type</c> (include/uapi/linux/netlink.h).</summary>
public static class NetlinkAttributeType
{
    /// <summary><c>NLA_F_NESTED</c>: the payload is a list of attributes.</summary>
    public const ushort Nested = 1 << 15;

    /// <summary><c>NLA_F_NET_BYTEORDER</c>: the payload is in network byte order.</summary>
    public const ushort NetByteOrder = 1 << 14;

    /// <summary><c>NLA_TYPE_MASK</c> = <c>~(NLA_F_NESTED | NLA_F_NET_BYTEORDER)</c>.</summary>
    public const ushort Mask = unchecked((ushort)~(Nested | NetByteOrder));
}
