using System.Net;
using System.Net.Sockets;
using LvsOperator.Netlink.Codec;
using static LvsOperator.Netlink.Route.RouteNetlink;

namespace LvsOperator.Netlink.Route;

/// <summary>Encodes rtnetlink requests the way iproute2 lays them out.</summary>
internal static class RouteEncoder
{
    public static void LinkRequest(NetlinkWriter writer, ushort type, NetlinkMessageFlags flags, int index, uint ifiFlags, uint ifiChange, string? name, string? kind)
    {
        using (writer.BeginMessage(type, NetlinkMessageFlags.Request | flags))
        {
            Span<byte> ifinfo = stackalloc byte[IfInfoMsgSize];
            ifinfo.Clear();
            ifinfo[0] = AF_UNSPEC;
            HostOrder.Write(ifinfo[4..], (uint)index);
            HostOrder.Write(ifinfo[8..], ifiFlags);
            HostOrder.Write(ifinfo[12..], ifiChange);
            writer.WriteFamilyHeader(ifinfo);
            if (name is not null)
            {
                writer.WriteString(IFLA_IFNAME, name);
            }

            if (kind is not null)
            {
                using (writer.BeginNested(IFLA_LINKINFO))
                {
                    // NLA_STRING: iproute2 sends the kind without a terminating nul; so do we.
                    writer.WriteBytes(IFLA_INFO_KIND, System.Text.Encoding.ASCII.GetBytes(kind));
                }
            }
        }
    }

    public static void AddressRequest(NetlinkWriter writer, ushort type, NetlinkMessageFlags flags, int index, IPAddress address, byte prefixLength, InterfaceAddressFlags addressFlags)
    {
        using (writer.BeginMessage(type, NetlinkMessageFlags.Request | flags))
        {
            Span<byte> ifaddr = stackalloc byte[IfAddrMsgSize];
            ifaddr[0] = Family(address.AddressFamily);
            ifaddr[1] = prefixLength;
            ifaddr[2] = (byte)((uint)addressFlags & 0xFF);
            ifaddr[3] = 0;
            HostOrder.Write(ifaddr[4..], (uint)index);
            writer.WriteFamilyHeader(ifaddr);
            writer.WriteAddress(IFA_LOCAL, address);

            // As iproute2: without a peer, IFA_ADDRESS repeats the local address.
            writer.WriteAddress(IFA_ADDRESS, address);
            if ((uint)addressFlags > 0xFF)
            {
                // ifa_flags is a u8; the kernel takes IFA_FLAGS over it when present (iproute2 does the same).
                writer.WriteUInt32(IFA_FLAGS, (uint)addressFlags);
            }
        }
    }

    public static void AddressDump(NetlinkWriter writer, AddressFamily? family)
    {
        using (writer.BeginMessage(RTM_GETADDR, NetlinkMessageFlags.Request | NetlinkMessageFlags.Dump))
        {
            Span<byte> ifaddr = stackalloc byte[IfAddrMsgSize];
            ifaddr.Clear();
            ifaddr[0] = family is null ? AF_UNSPEC : Family(family.Value);
            writer.WriteFamilyHeader(ifaddr);
        }
    }

    public static byte Family(AddressFamily family) => family switch
    {
        AddressFamily.InterNetwork => AF_INET,
        AddressFamily.InterNetworkV6 => AF_INET6,
        _ => throw new ArgumentException($"Only IPv4 and IPv6 addresses are supported, not {family}.", nameof(family)),
    };
}
