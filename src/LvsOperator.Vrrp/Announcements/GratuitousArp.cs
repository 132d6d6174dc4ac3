using System.Buffers.Binary;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace LvsOperator.Vrrp.Announcements;

/// <summary>
/// The gratuitous ARP a new master broadcasts for each IPv4 virtual address (RFC 5798 §6.4.2) so
/// switches and neighbours move the address to its MAC: an Ethernet frame for an AF_PACKET socket.
/// The layout is keepalived's (vrrp_arp.c): an ARP request (RFC 826) whose sender and target
/// protocol addresses are both the virtual address and whose target hardware address is broadcast.
/// </summary>
public static class GratuitousArp
{
    /// <summary>14-byte Ethernet header plus the 28-byte ARP packet; the driver pads to 60.</summary>
    public const int FrameLength = 42;

    private const ushort EtherTypeArp = 0x0806;
    private const ushort EtherTypeIpv4 = 0x0800;
    private const ushort HardwareEthernet = 1;
    private const ushort OperationRequest = 1;

    /// <summary>The frame announcing <paramref name="address"/> at <paramref name="mac"/>.</summary>
    public static byte[] Build(PhysicalAddress mac, IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(mac);
        ArgumentNullException.ThrowIfNull(address);
        var hardware = EthernetFrame.Mac(mac);
        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException("Gratuitous ARP is for IPv4 addresses.", nameof(address));
        }

        var frame = new byte[FrameLength];
        var arp = EthernetFrame.WriteHeader(frame, EthernetFrame.Broadcast, hardware, EtherTypeArp);
        BinaryPrimitives.WriteUInt16BigEndian(arp, HardwareEthernet);
        BinaryPrimitives.WriteUInt16BigEndian(arp[2..], EtherTypeIpv4);
        arp[4] = EthernetFrame.MacLength;
        arp[5] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(arp[6..], OperationRequest);
        hardware.CopyTo(arp[8..]);
        address.TryWriteBytes(arp[14..], out _);
        EthernetFrame.Broadcast.CopyTo(arp[18..]);
        address.TryWriteBytes(arp[24..], out _);
        return frame;
    }
}
