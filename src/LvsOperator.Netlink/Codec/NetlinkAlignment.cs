namespace LvsOperator.Netlink.Codec;

/// <summary>
/// The single place where netlink padding is computed. Messages and attributes share the
/// same 4-byte alignment: <c>NLMSG_ALIGNTO</c> (include/uapi/linux/netlink.h) and
/// <c>NLA_ALIGNTO</c> are both 4.
/// </summary>
internal static class NetlinkAlignment
{
    /// <summary><c>NLMSG_ALIGNTO</c> / <c>NLA_ALIGNTO</c>.</summary>
    public const int AlignTo = 4;

    /// <summary><c>NLMSG_ALIGN(len)</c> / <c>NLA_ALIGN(len)</c>.</summary>
    public static int Align(int length) => (length + AlignTo - 1) & ~(AlignTo - 1);

    /// <summary>Bytes of zero padding that follow a payload of <paramref name="length"/> bytes.</summary>
    public static int Padding(int length) => Align(length) - length;
}
