using LvsOperator.Netlink.Codec;
using LvsOperator.Netlink.Interop;

namespace LvsOperator.Netlink.Connection;

/// <summary>
/// Decodes <c>struct nlmsgerr { int error; struct nlmsghdr msg; }</c> (include/uapi/linux/netlink.h)
/// and, with <c>NLM_F_ACK_TLVS</c>, the extended-ACK attributes after the echoed request.
/// </summary>
internal static class NetlinkErrorMessage
{
    private const int ErrorFieldSize = 4;

    /// <summary>The positive errno (0 for an ACK) and the extended ACK text of an <c>NLMSG_ERROR</c>.</summary>
    public static (int Errno, string? Message) ParseError(NetlinkMessage message)
    {
        ReadOnlySpan<byte> payload = message.Payload;
        if (payload.Length < ErrorFieldSize + NetlinkMessageHeader.Size)
        {
            throw new NetlinkProtocolException($"NLMSG_ERROR payload of {payload.Length} bytes is too short.");
        }

        int errno = -HostOrder.ReadInt32(payload);
        if (errno < 0)
        {
            throw new NetlinkProtocolException("NLMSG_ERROR carries a positive error.");
        }

        if ((message.Header.Flags & NetlinkMessageFlags.AckTlvs) == 0)
        {
            return (errno, null);
        }

        int echoed = NetlinkMessageHeader.Size;
        if ((message.Header.Flags & NetlinkMessageFlags.Capped) == 0)
        {
            // Without NETLINK_CAP_ACK the whole request is echoed; its own header says how long it was.
            echoed = NetlinkAlignment.Align((int)Math.Min(HostOrder.ReadUInt32(payload[ErrorFieldSize..]), int.MaxValue - 8));
        }

        if (echoed < NetlinkMessageHeader.Size || ErrorFieldSize + echoed > payload.Length)
        {
            throw new NetlinkProtocolException("NLMSG_ERROR echoes more request than it holds.");
        }

        return (errno, FindMessage(payload[(ErrorFieldSize + echoed)..]));
    }

    /// <summary>The errno (positive, or 0) and extended ACK text of a dump's <c>NLMSG_DONE</c>.</summary>
    public static (int Errno, string? Message) ParseDone(NetlinkMessage message)
    {
        ReadOnlySpan<byte> payload = message.Payload;
        if (payload.Length < ErrorFieldSize)
        {
            // Some families end dumps with an empty NLMSG_DONE.
            return (0, null);
        }

        int errno = -HostOrder.ReadInt32(payload);
        if (errno < 0)
        {
            throw new NetlinkProtocolException("NLMSG_DONE carries a positive error.");
        }

        string? text = (message.Header.Flags & NetlinkMessageFlags.AckTlvs) != 0 ? FindMessage(payload[ErrorFieldSize..]) : null;
        return (errno, text);
    }

    private static string? FindMessage(ReadOnlySpan<byte> tlvs)
    {
        string? text = null;
        foreach (NetlinkAttribute attribute in new NetlinkAttributeEnumerator(tlvs))
        {
            if (attribute.Type == NetlinkInterop.NLMSGERR_ATTR_MSG)
            {
                text = attribute.GetString();
            }
        }

        return text;
    }
}
