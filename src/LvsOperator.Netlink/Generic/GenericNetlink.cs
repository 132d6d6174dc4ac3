namespace LvsOperator.Netlink.Generic;

/// <summary>Generic netlink controller constants (include/uapi/linux/genetlink.h).</summary>
internal static class GenericNetlink
{
    /// <summary><c>GENL_HDRLEN</c>: <c>struct genlmsghdr</c> is 4 bytes.</summary>
    public const int HeaderSize = 4;

    /// <summary><c>GENL_ID_CTRL</c>: the controller family's fixed id.</summary>
    public const ushort GENL_ID_CTRL = 0x10;

    /// <summary><c>CTRL_CMD_NEWFAMILY</c>: the reply to GETFAMILY.</summary>
    public const byte CTRL_CMD_NEWFAMILY = 1;

    /// <summary><c>CTRL_CMD_GETFAMILY</c>.</summary>
    public const byte CTRL_CMD_GETFAMILY = 3;

    /// <summary>Controller version that libnl's <c>genl_ctrl_resolve</c> sends.</summary>
    public const byte CtrlVersion = 1;

    /// <summary><c>CTRL_ATTR_FAMILY_ID</c> (u16).</summary>
    public const ushort CTRL_ATTR_FAMILY_ID = 1;

    /// <summary><c>CTRL_ATTR_FAMILY_NAME</c> (string).</summary>
    public const ushort CTRL_ATTR_FAMILY_NAME = 2;

    /// <summary><c>CTRL_ATTR_VERSION</c> (u32).</summary>
    public const ushort CTRL_ATTR_VERSION = 3;

    /// <summary><c>CTRL_ATTR_HDRSIZE</c> (u32).</summary>
    public const ushort CTRL_ATTR_HDRSIZE = 4;

    /// <summary><c>CTRL_ATTR_MAXATTR</c> (u32).</summary>
    public const ushort CTRL_ATTR_MAXATTR = 5;
}
