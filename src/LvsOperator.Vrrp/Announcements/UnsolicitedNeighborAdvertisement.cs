using System.Buffers.Binary;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using LvsOperator.Vrrp.Wire;

namespace LvsOperator.Vrrp.Announcements;

/// <summary>
/// The unsolicited Neighbor Advertisement a new master sends for each IPv6 virtual address
/// (RFC 5798 §6.4.2, RFC 4861 §7.2.6): a whole Ethernet frame to the all-nodes group, as keepalived
/// (vrrp_ndisc.c) builds it — source address the target itself, hop limit 255, Override set,
/// Solicited clear, a Target Link-Layer Address option carrying the MAC.
/// </summary>
public static class UnsolicitedNeighborAdvertisement
{
    /// <summary>Ethernet 14 + IPv6 40 + NA 24 + option 8.</summary>
    public const int FrameLength = 86;

    private const ushort EtherTypeIpv6 = 0x86DD;
    private const byte NextHeaderIcmpv6 = 58;
    private const byte NeighborAdvertisement = 136;
    private const byte RouterFlag = 0x80;
    private const byte OverrideFlag = 0x20;
    private const byte TargetLinkLayerAddress = 2;
    private const int IcmpLength = 32;

    /// <summary>ff02::1 (RFC 4291 §2.7.1).</summary>
    private static readonly IPAddress AllNodes = IPAddress.Parse("ff02::1");

    /// <summary>33:33 followed by the group's low 32 bits (RFC 2464 §7).</summary>
    private static ReadOnlySpan<byte> AllNodesMac => [0x33, 0x33, 0x00, 0x00, 0x00, 0x01];

    /// <summary>
    /// The frame announcing <paramref name="address"/> at <paramref name="mac"/>; <paramref name="router"/>
    /// sets the Router flag, which keepalived copies from the interface's IPv6 forwarding setting.
    /// </summary>
    public static byte[] Build(PhysicalAddress mac, IPAddress address, bool router)
    {
        ArgumentNullException.ThrowIfNull(mac);
        ArgumentNullException.ThrowIfNull(address);
        var hardware = EthernetFrame.Mac(mac);
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            throw new ArgumentException("Neighbor Advertisements are for IPv6 addresses.", nameof(address));
        }

        var frame = new byte[FrameLength];
        var ipv6 = EthernetFrame.WriteHeader(frame, AllNodesMac, hardware, EtherTypeIpv6);
        ipv6[0] = 0x60; // version 6, traffic class and flow label 0
        BinaryPrimitives.WriteUInt16BigEndian(ipv6[4..], IcmpLength);
        ipv6[6] = NextHeaderIcmpv6;
        ipv6[7] = 255; // RFC 4861 §7.1.2: receivers drop NAs with any other hop limit
        address.TryWriteBytes(ipv6[8..], out _);
        AllNodes.TryWriteBytes(ipv6[24..], out _);

        var icmp = ipv6[40..];
        icmp[0] = NeighborAdvertisement;
        icmp[4] = (byte)(OverrideFlag | (router ? RouterFlag : 0));
        address.TryWriteBytes(icmp[8..], out _);
        icmp[24] = TargetLinkLayerAddress;
        icmp[25] = 1; // option length in units of 8 bytes
        hardware.CopyTo(icmp[26..]);

        var sum = InternetChecksum.Add(InternetChecksum.PseudoHeader(address, AllNodes, NextHeaderIcmpv6, IcmpLength), icmp);
        BinaryPrimitives.WriteUInt16BigEndian(icmp[2..], InternetChecksum.Complement(sum));
        return frame;
    }
}
