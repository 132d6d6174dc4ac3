using System.Net;
using LvsOperator.Netlink.Codec;
using static LvsOperator.Netlink.Route.RouteNetlink;

namespace LvsOperator.Netlink.Route;

/// <summary>Parses <c>RTM_NEWLINK</c> and <c>RTM_NEWADDR</c> replies.</summary>
internal static class RouteDecoder
{
    public static NetworkLink Link(NetlinkMessage message)
    {
        if (message.Header.Type != RTM_NEWLINK)
        {
            throw new NetlinkProtocolException($"Expected RTM_NEWLINK, got message type {message.Header.Type}.");
        }

        ReadOnlySpan<byte> ifinfo = message.GetFamilyHeader(IfInfoMsgSize);
        int index = HostOrder.ReadInt32(ifinfo[4..]);
        uint flags = HostOrder.ReadUInt32(ifinfo[8..]);
        string? name = null, kind = null;
        uint mtu = 0;
        foreach (NetlinkAttribute attribute in message.GetAttributes(IfInfoMsgSize))
        {
            switch (attribute.Type)
            {
                case IFLA_IFNAME: name = attribute.GetString(); break;
                case IFLA_MTU: mtu = attribute.GetUInt32(); break;
                case IFLA_LINKINFO:
                    foreach (NetlinkAttribute info in attribute.GetNested())
                    {
                        if (info.Type == IFLA_INFO_KIND)
                        {
                            kind = info.GetString();
                        }
                    }

                    break;
                default: break;
            }
        }

        return name is null ? throw new NetlinkProtocolException($"Link {index} has no IFLA_IFNAME.") : new NetworkLink(index, name, flags, mtu, kind);
    }

    public static InterfaceAddress Address(NetlinkMessage message)
    {
        if (message.Header.Type != RTM_NEWADDR)
        {
            throw new NetlinkProtocolException($"Expected RTM_NEWADDR, got message type {message.Header.Type}.");
        }

        ReadOnlySpan<byte> ifaddr = message.GetFamilyHeader(IfAddrMsgSize);
        byte family = ifaddr[0];
        byte prefixLength = ifaddr[1];
        uint flags = ifaddr[2];
        byte scope = ifaddr[3];
        int index = HostOrder.ReadInt32(ifaddr[4..]);
        IPAddress? address = null, local = null;
        string? label = null;
        foreach (NetlinkAttribute attribute in message.GetAttributes(IfAddrMsgSize))
        {
            switch (attribute.Type)
            {
                case IFA_ADDRESS: address = attribute.GetAddress(); break;
                case IFA_LOCAL: local = attribute.GetAddress(); break;
                case IFA_LABEL: label = attribute.GetString(); break;
                case IFA_FLAGS: flags = attribute.GetUInt32(); break;
                default: break;
            }
        }

        IPAddress result = local ?? address ?? throw new NetlinkProtocolException($"Address on link {index} has neither IFA_LOCAL nor IFA_ADDRESS.");
        int expected = family == AF_INET ? 4 : family == AF_INET6 ? 16 : -1;
        if (result.GetAddressBytes().Length != expected)
        {
            throw new NetlinkProtocolException($"Address on link {index} does not match its family {family}.");
        }

        return new InterfaceAddress(index, result, prefixLength, (InterfaceAddressFlags)flags, scope, label);
    }
}
