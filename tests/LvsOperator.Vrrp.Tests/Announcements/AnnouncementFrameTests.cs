using System.Net;
using System.Net.NetworkInformation;
using LvsOperator.Vrrp.Announcements;

namespace LvsOperator.Vrrp.Tests.Announcements;

public sealed class AnnouncementFrameTests
{
    private static readonly PhysicalAddress Mac = PhysicalAddress.Parse("52-54-00-12-34-56");

    [Fact]
    public void A_gratuitous_arp_is_a_broadcast_request_for_the_address_from_itself()
    {
        // RFC 826 layout, with the field values keepalived's vrrp_arp.c puts in.
        byte[] expected =
        [
            0xff, 0xff, 0xff, 0xff, 0xff, 0xff, // Ethernet destination: broadcast
            0x52, 0x54, 0x00, 0x12, 0x34, 0x56, // Ethernet source: this interface
            0x08, 0x06,                         // EtherType ARP
            0x00, 0x01,                         // hardware type Ethernet
            0x08, 0x00,                         // protocol type IPv4
            0x06, 0x04,                         // hardware and protocol address lengths
            0x00, 0x01,                         // operation: request
            0x52, 0x54, 0x00, 0x12, 0x34, 0x56, // sender hardware address
            0xc0, 0x00, 0x02, 0x78,             // sender protocol address: the VIP 192.0.2.120
            0xff, 0xff, 0xff, 0xff, 0xff, 0xff, // target hardware address: broadcast
            0xc0, 0x00, 0x02, 0x78,             // target protocol address: the VIP again
        ];

        Assert.Equal(expected, GratuitousArp.Build(Mac, IPAddress.Parse("192.0.2.120")));
    }

    [Theory]
    [InlineData(false, 0x20, 0x72, 0x31)]
    [InlineData(true, 0xa0, 0xf2, 0x30)]
    public void An_unsolicited_neighbor_advertisement_overrides_caches_from_the_address_itself(bool router, byte flags, byte checksumHigh, byte checksumLow)
    {
        // RFC 4861 §4.4 and §7.2.6 with keepalived's vrrp_ndisc.c choices; checksums recomputed
        // independently over the RFC 8200 pseudo-header (2001:db8::120 → ff02::1, length 32, next header 58).
        byte[] expected =
        [
            0x33, 0x33, 0x00, 0x00, 0x00, 0x01, // Ethernet destination: all-nodes multicast MAC
            0x52, 0x54, 0x00, 0x12, 0x34, 0x56, // Ethernet source
            0x86, 0xdd,                         // EtherType IPv6
            0x60, 0x00, 0x00, 0x00,             // version 6, traffic class 0, flow label 0
            0x00, 0x20,                         // payload length 32
            0x3a,                               // next header ICMPv6
            0xff,                               // hop limit 255
            0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x20, // source: the VIP
            0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01,          // destination ff02::1
            0x88,                               // type 136: Neighbor Advertisement
            0x00,                               // code 0
            checksumHigh, checksumLow,          // ICMPv6 checksum
            flags, 0x00, 0x00, 0x00,            // R (router only), S clear, O set; reserved
            0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x20, // target: the VIP
            0x02, 0x01,                         // option Target Link-Layer Address, 8 bytes
            0x52, 0x54, 0x00, 0x12, 0x34, 0x56, // the MAC
        ];

        Assert.Equal(expected, UnsolicitedNeighborAdvertisement.Build(Mac, IPAddress.Parse("2001:db8::120"), router));
    }

    [Fact]
    public void Each_builder_refuses_the_other_family_and_non_ethernet_addresses()
    {
        Assert.Throws<ArgumentException>(() => GratuitousArp.Build(Mac, IPAddress.Parse("2001:db8::1")));
        Assert.Throws<ArgumentException>(() => UnsolicitedNeighborAdvertisement.Build(Mac, IPAddress.Parse("192.0.2.1"), router: false));
        Assert.Throws<ArgumentException>(() => GratuitousArp.Build(PhysicalAddress.Parse("00-11-22-33"), IPAddress.Parse("192.0.2.1")));
    }
}
