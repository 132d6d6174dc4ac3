using System.Net.Sockets;
using LvsOperator.Netlink.Codec;
using static LvsOperator.Netlink.Fou.FouNetlink;

namespace LvsOperator.Netlink.Fou;

/// <summary>
/// Encodes fou requests as iproute2's ip/ipfou.c does (so they compare byte for byte): <c>ip fou add port P gue [-6]</c>
/// and <c>ip fou del port P gue [-6]</c> send FOU_ATTR_PORT, FOU_ATTR_TYPE, FOU_ATTR_AF in that order with NLM_F_ACK;
/// <c>ip fou show</c> sends a bare FOU_CMD_GET dump.
/// </summary>
internal static class FouEncoder
{
    /// <summary>FOU_CMD_ADD or FOU_CMD_DEL of a GUE port on every local address.</summary>
    public static void GuePort(NetlinkWriter writer, ushort familyId, byte command, ushort port, AddressFamily family)
    {
        using (writer.BeginMessage(familyId, NetlinkMessageFlags.Request | NetlinkMessageFlags.Ack))
        {
            writer.WriteGenericHeader(command, FOU_GENL_VERSION);
            writer.WriteBigEndianUInt16(FOU_ATTR_PORT, port);
            writer.WriteUInt8(FOU_ATTR_TYPE, FOU_ENCAP_GUE);
            writer.WriteUInt8(FOU_ATTR_AF, Af(family));
        }
    }

    public static void Dump(NetlinkWriter writer, ushort familyId)
    {
        using (writer.BeginMessage(familyId, NetlinkMessageFlags.Request | NetlinkMessageFlags.Dump))
        {
            writer.WriteGenericHeader(FOU_CMD_GET, FOU_GENL_VERSION);
        }
    }

    private static byte Af(AddressFamily family) => family switch
    {
        AddressFamily.InterNetwork => AF_INET,
        AddressFamily.InterNetworkV6 => AF_INET6,
        _ => throw new ArgumentOutOfRangeException(nameof(family), family, "a fou port is IPv4 or IPv6"),
    };
}
