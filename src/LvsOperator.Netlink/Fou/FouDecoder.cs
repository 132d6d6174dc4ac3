using System.Net;
using System.Net.Sockets;
using LvsOperator.Netlink.Codec;
using LvsOperator.Netlink.Generic;
using static LvsOperator.Netlink.Fou.FouNetlink;

namespace LvsOperator.Netlink.Fou;

/// <summary>
/// Parses a <c>FOU_CMD_GET</c> reply, as the kernel's <c>fou_fill_info</c> writes it (net/ipv4/fou_core.c): AF, port,
/// peer port, protocol, type, ifindex, then the local and peer addresses (all zero when the port is not bound).
/// Older kernels send fewer attributes; unknown ones are skipped, known ones must have their exact size.
/// </summary>
internal static class FouDecoder
{
    public static FouPort Port(NetlinkMessage message)
    {
        ushort? port = null;
        var family = AddressFamily.InterNetwork; // parse_nl_config's default, also for replies without FOU_ATTR_AF
        var encapsulation = FouEncapsulation.Unspecified;
        byte protocol = 0;
        var bound = false;
        foreach (NetlinkAttribute attribute in message.GetAttributes(GenericNetlink.HeaderSize))
        {
            switch (attribute.Type)
            {
                case FOU_ATTR_PORT: port = attribute.GetBigEndianUInt16(); break;
                case FOU_ATTR_AF: family = Family(attribute.GetUInt8()); break;
                case FOU_ATTR_IPPROTO: protocol = attribute.GetUInt8(); break;
                case FOU_ATTR_TYPE: encapsulation = (FouEncapsulation)attribute.GetUInt8(); break;
                case FOU_ATTR_PEER_PORT: bound |= attribute.GetBigEndianUInt16() != 0; break;
                case FOU_ATTR_IFINDEX: bound |= attribute.GetUInt32() != 0; break;
                case FOU_ATTR_LOCAL_V4 or FOU_ATTR_PEER_V4: bound |= attribute.GetBigEndianUInt32() != 0; break;
                case FOU_ATTR_LOCAL_V6 or FOU_ATTR_PEER_V6: bound |= !attribute.GetAddress().Equals(IPAddress.IPv6Any); break;
                default: break;
            }
        }

        return port is { } value
            ? new FouPort(value, family, encapsulation, protocol, bound)
            : throw new NetlinkProtocolException("FOU_CMD_GET reply lacks FOU_ATTR_PORT.");
    }

    private static AddressFamily Family(byte af) => af switch
    {
        AF_INET => AddressFamily.InterNetwork,
        AF_INET6 => AddressFamily.InterNetworkV6,
        _ => throw new NetlinkProtocolException($"fou address family {af} is neither AF_INET nor AF_INET6."),
    };
}
