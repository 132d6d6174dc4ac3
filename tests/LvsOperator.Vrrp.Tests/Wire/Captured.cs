using System.Net;
using LvsOperator.Vrrp.Wire;

namespace LvsOperator.Vrrp.Tests.Wire;

/// <summary>
/// A real VRRPv3 advertisement on the wire: the tcpdump capture published in gopacket's
/// layers/vrrp_test.go (<c>vrrpv3PacketPriority100</c>), "10.0.0.130 &gt; 224.0.0.18: VRRPv3,
/// Advertisement, vrid 1, prio 100, intvl 100cs, length 20, addrs(3): 192.168.200.16,
/// 192.168.200.17,192.168.200.18" — the addresses of keepalived's sample keepalived.conf. Its
/// checksum is the pseudo-header form (recomputed by hand: 0xe54e; the message alone sums to 0xd067).
/// </summary>
internal static class Captured
{
    /// <summary>The VRRP payload after the 20-byte IPv4 header (tos 0xc0, ttl 255, proto 112).</summary>
    public static byte[] Payload =>
    [
        0x31,                   // version 3, type 1 (ADVERTISEMENT)
        0x01,                   // virtual router id 1
        0x64,                   // priority 100
        0x03,                   // count IPv4 addrs 3
        0x00, 0x64,             // reserved 0, max advertise interval 100 cs
        0xe5, 0x4e,             // checksum over the pseudo-header and the message
        0xc0, 0xa8, 0xc8, 0x10, // 192.168.200.16
        0xc0, 0xa8, 0xc8, 0x11, // 192.168.200.17
        0xc0, 0xa8, 0xc8, 0x12, // 192.168.200.18
    ];

    public static IPAddress Source { get; } = IPAddress.Parse("10.0.0.130");

    public static VrrpIpHeader Header => new(Source, VrrpPacket.Ipv4Group, VrrpPacket.Protocol, 255);
}
