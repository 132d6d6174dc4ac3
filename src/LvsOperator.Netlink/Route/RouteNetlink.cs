namespace LvsOperator.Netlink.Route;

/// <summary>rtnetlink constants (include/uapi/linux/rtnetlink.h, if_link.h, if_addr.h, if.h).</summary>
internal static class RouteNetlink
{
    public const ushort RTM_NEWLINK = 16;
    public const ushort RTM_DELLINK = 17;
    public const ushort RTM_GETLINK = 18;
    public const ushort RTM_NEWADDR = 20;
    public const ushort RTM_DELADDR = 21;
    public const ushort RTM_GETADDR = 22;

    /// <summary><c>sizeof(struct ifinfomsg)</c>: <c>u8 family; u8 pad; u16 type; s32 index; u32 flags; u32 change;</c>.</summary>
    public const int IfInfoMsgSize = 16;

    /// <summary><c>sizeof(struct ifaddrmsg)</c>: <c>u8 family; u8 prefixlen; u8 flags; u8 scope; u32 index;</c>.</summary>
    public const int IfAddrMsgSize = 8;

    // IFLA_*: link attributes
    public const ushort IFLA_ADDRESS = 1;
    public const ushort IFLA_IFNAME = 3;
    public const ushort IFLA_MTU = 4;
    public const ushort IFLA_LINKINFO = 18;

    // IFLA_INFO_*: in IFLA_LINKINFO
    public const ushort IFLA_INFO_KIND = 1;

    // IFA_*: address attributes
    public const ushort IFA_ADDRESS = 1;
    public const ushort IFA_LOCAL = 2;
    public const ushort IFA_LABEL = 3;
    public const ushort IFA_FLAGS = 8;

    /// <summary><c>IFF_UP</c>.</summary>
    public const uint IFF_UP = 0x1;

    public const byte AF_UNSPEC = 0;
    public const byte AF_INET = 2;
    public const byte AF_INET6 = 10;
}
