namespace LvsOperator.Netlink.Fou;

/// <summary>
/// Generic netlink interface of fou (foo-over-UDP and GUE receive ports), named as in
/// include/uapi/linux/fou.h; sizes from the kernel's <c>fou_nl_policy</c> (net/ipv4/fou_nl.c).
/// </summary>
internal static class FouNetlink
{
    /// <summary><c>FOU_GENL_NAME</c>.</summary>
    public const string FOU_GENL_NAME = "fou";

    /// <summary><c>FOU_GENL_VERSION</c>.</summary>
    public const byte FOU_GENL_VERSION = 1;

    /// <summary><c>FOU_CMD_ADD</c>: open a receive port.</summary>
    public const byte FOU_CMD_ADD = 1;

    /// <summary><c>FOU_CMD_DEL</c>: close one (the kernel matches port and family, not the type).</summary>
    public const byte FOU_CMD_DEL = 2;

    /// <summary><c>FOU_CMD_GET</c>: with NLM_F_DUMP, every port of the namespace.</summary>
    public const byte FOU_CMD_GET = 3;

    /// <summary><c>FOU_ATTR_PORT</c> (__be16).</summary>
    public const ushort FOU_ATTR_PORT = 1;

    /// <summary><c>FOU_ATTR_AF</c> (u8: AF_INET or AF_INET6; AF_INET when absent).</summary>
    public const ushort FOU_ATTR_AF = 2;

    /// <summary><c>FOU_ATTR_IPPROTO</c> (u8: the inner protocol of a direct port).</summary>
    public const ushort FOU_ATTR_IPPROTO = 3;

    /// <summary><c>FOU_ATTR_TYPE</c> (u8: FOU_ENCAP_*).</summary>
    public const ushort FOU_ATTR_TYPE = 4;

    /// <summary><c>FOU_ATTR_LOCAL_V4</c> (__be32: a port bound to one local address).</summary>
    public const ushort FOU_ATTR_LOCAL_V4 = 6;

    /// <summary><c>FOU_ATTR_LOCAL_V6</c> (struct in6_addr).</summary>
    public const ushort FOU_ATTR_LOCAL_V6 = 7;

    /// <summary><c>FOU_ATTR_PEER_V4</c> (__be32: a port connected to one peer).</summary>
    public const ushort FOU_ATTR_PEER_V4 = 8;

    /// <summary><c>FOU_ATTR_PEER_V6</c> (struct in6_addr).</summary>
    public const ushort FOU_ATTR_PEER_V6 = 9;

    /// <summary><c>FOU_ATTR_PEER_PORT</c> (__be16).</summary>
    public const ushort FOU_ATTR_PEER_PORT = 10;

    /// <summary><c>FOU_ATTR_IFINDEX</c> (s32: a port bound to one device).</summary>
    public const ushort FOU_ATTR_IFINDEX = 11;

    /// <summary><c>FOU_ENCAP_DIRECT</c>: the UDP payload is the inner packet (protocol FOU_ATTR_IPPROTO).</summary>
    public const byte FOU_ENCAP_DIRECT = 1;

    /// <summary><c>FOU_ENCAP_GUE</c>: a GUE header says what follows.</summary>
    public const byte FOU_ENCAP_GUE = 2;

    /// <summary>include/linux/socket.h <c>AF_INET</c>, <c>AF_INET6</c>.</summary>
    public const byte AF_INET = 2, AF_INET6 = 10;

    /// <summary>The C name of a command, for <see cref="NetlinkException.Operation"/>.</summary>
    public static string CommandName(byte command) => command switch
    {
        FOU_CMD_ADD => "FOU_CMD_ADD",
        FOU_CMD_DEL => "FOU_CMD_DEL",
        FOU_CMD_GET => "FOU_CMD_GET",
        _ => "FOU_CMD_" + command.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
