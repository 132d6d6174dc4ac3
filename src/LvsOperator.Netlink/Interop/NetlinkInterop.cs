using System.Runtime.InteropServices;

namespace LvsOperator.Netlink.Interop;

/// <summary>
/// What Tmds.LibC lacks for netlink, defined once with the C names (include/uapi/linux/netlink.h,
/// include/linux/socket.h).
/// </summary>
internal static class NetlinkInterop
{
    /// <summary><c>NETLINK_ROUTE</c>: rtnetlink.</summary>
    public const int NETLINK_ROUTE = 0;

    /// <summary><c>NETLINK_GENERIC</c>: generic netlink.</summary>
    public const int NETLINK_GENERIC = 16;

    /// <summary><c>SOL_NETLINK</c> (include/linux/socket.h).</summary>
    public const int SOL_NETLINK = 270;

    /// <summary><c>NETLINK_NO_ENOBUFS</c>: suppress ENOBUFS on overrun (we do not set it: a lost ack must surface).</summary>
    public const int NETLINK_NO_ENOBUFS = 5;

    /// <summary><c>NETLINK_CAP_ACK</c>: error messages echo only the request header, not its payload.</summary>
    public const int NETLINK_CAP_ACK = 10;

    /// <summary><c>NETLINK_EXT_ACK</c>: errors carry TLVs such as <c>NLMSGERR_ATTR_MSG</c>.</summary>
    public const int NETLINK_EXT_ACK = 11;

    /// <summary><c>NLMSGERR_ATTR_MSG</c>: a nul-terminated error string.</summary>
    public const ushort NLMSGERR_ATTR_MSG = 1;

    /// <summary><c>NLMSGERR_ATTR_OFFS</c>: u32 offset of the offending attribute in the request.</summary>
    public const ushort NLMSGERR_ATTR_OFFS = 2;

    /// <summary><c>AF_NETLINK</c>.</summary>
    public const int AF_NETLINK = 16;
}

/// <summary>
/// <c>struct sockaddr_nl { __kernel_sa_family_t nl_family; unsigned short nl_pad; __u32 nl_pid; __u32 nl_groups; }</c>.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct SockaddrNl
{
    public ushort nl_family;
    public ushort nl_pad;
    public uint nl_pid;
    public uint nl_groups;
}
