using System.Net;
using LvsOperator.Vrrp.Wire;

namespace LvsOperator.Vrrp.Tests.Wire;

public sealed class VrrpPacketGoldenTests
{
    private static readonly VrrpAdvertisement CapturedFields = new(
        1, 100, 100, [IPAddress.Parse("192.168.200.16"), IPAddress.Parse("192.168.200.17"), IPAddress.Parse("192.168.200.18")]);

    [Fact]
    public void The_captured_advertisement_decodes_field_by_field()
    {
        Assert.True(VrrpPacket.TryDecode(Captured.Payload, Captured.Header, VrrpWireOptions.Default, out var advertisement, out var rejection));
        Assert.Equal(VrrpRejection.None, rejection);
        Assert.Equal(1, advertisement.VirtualRouterId);
        Assert.Equal(100, advertisement.Priority);
        Assert.Equal(100, advertisement.MaxAdvertiseInterval);
        Assert.Equal(TimeSpan.FromSeconds(1), advertisement.Interval);
        Assert.Equal(CapturedFields.Addresses.ToArray(), advertisement.Addresses.ToArray());
    }

    [Fact]
    public void Encoding_the_captured_fields_gives_the_captured_bytes()
    {
        var encoded = VrrpPacket.Encode(CapturedFields, Captured.Source, VrrpPacket.Ipv4Group, Ipv4ChecksumMode.PseudoHeader);
        Assert.Equal(Captured.Payload, encoded);
    }

    [Fact]
    public void The_message_only_checksum_of_keepalived_v3_checksum_as_v2_covers_the_message_alone()
    {
        var encoded = VrrpPacket.Encode(CapturedFields, Captured.Source, VrrpPacket.Ipv4Group, Ipv4ChecksumMode.MessageOnly);

        Assert.Equal([0xd0, 0x67], encoded[6..8]);
        Assert.Equal(Captured.Payload[8..], encoded[8..]);
        var messageOnly = VrrpWireOptions.Default with { Ipv4Checksum = Ipv4ChecksumMode.MessageOnly };
        Assert.True(VrrpPacket.TryDecode(encoded, Captured.Header, messageOnly, out _, out _));
        Assert.False(VrrpPacket.TryDecode(Captured.Payload, Captured.Header, messageOnly, out _, out var rejection));
        Assert.Equal(VrrpRejection.BadChecksum, rejection);
    }

    [Fact]
    public void A_unicast_advertisement_sums_the_peer_as_destination()
    {
        var peer = IPAddress.Parse("10.0.0.131");

        var encoded = VrrpPacket.Encode(CapturedFields, Captured.Source, peer, Ipv4ChecksumMode.PseudoHeader);

        Assert.Equal([0xba, 0xde], encoded[6..8]);
        Assert.True(VrrpPacket.TryDecode(encoded, Captured.Header with { Destination = peer }, VrrpWireOptions.Default, out _, out _));
        Assert.False(VrrpPacket.TryDecode(encoded, Captured.Header, VrrpWireOptions.Default, out _, out _));
    }

    [Fact]
    public void An_ipv6_advertisement_carries_16_byte_addresses_and_the_rfc_8200_pseudo_header_sum()
    {
        // Laid out by hand from RFC 5798 §5.1; the checksum recomputed independently over
        // fe80::1, ff02::12, length 24 (32 bits), three zero bytes, next header 112, then the message.
        byte[] expected =
        [
            0x31, 0x33, 0x96, 0x01, // v3 advertisement, vrid 51, priority 150, one address
            0x00, 0x0a,             // 10 cs: 100 ms adverts
            0x0b, 0xc9,             // checksum
            0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x20, // 2001:db8::120
        ];
        var source = IPAddress.Parse("fe80::1");
        var advertisement = new VrrpAdvertisement(51, 150, 10, [IPAddress.Parse("2001:db8::120")]);

        Assert.Equal(expected, VrrpPacket.Encode(advertisement, source, VrrpPacket.Ipv6Group, Ipv4ChecksumMode.MessageOnly));
        Assert.True(VrrpPacket.TryDecode(expected, new(source, VrrpPacket.Ipv6Group, 112, 255), VrrpWireOptions.Default, out var decoded, out _));
        Assert.Equal(advertisement.Addresses.ToArray(), decoded.Addresses.ToArray());
        Assert.Equal(TimeSpan.FromMilliseconds(100), decoded.Interval);
    }

    [Fact]
    public void The_reserved_bits_are_ignored_on_receipt()
    {
        var payload = Captured.Payload;
        payload[4] |= 0xF0;
        Refill(payload, Captured.Header);

        Assert.True(VrrpPacket.TryDecode(payload, Captured.Header, VrrpWireOptions.Default, out var advertisement, out _));
        Assert.Equal(100, advertisement.MaxAdvertiseInterval);
    }

    [Fact]
    public void Encoding_refuses_what_the_wire_cannot_carry()
    {
        var v6 = IPAddress.Parse("fe80::1");
        Assert.Throws<ArgumentException>(() => VrrpPacket.Encode(CapturedFields, v6, VrrpPacket.Ipv6Group, Ipv4ChecksumMode.PseudoHeader));
        Assert.Throws<ArgumentException>(() => VrrpPacket.Encode(CapturedFields with { MaxAdvertiseInterval = 4096 }, Captured.Source, VrrpPacket.Ipv4Group, Ipv4ChecksumMode.PseudoHeader));
        var tooMany = Enumerable.Range(0, 256).Select(i => new IPAddress(0x0A000000 + i)).ToArray();
        Assert.Throws<ArgumentException>(() => VrrpPacket.Encode(CapturedFields with { Addresses = [.. tooMany] }, Captured.Source, VrrpPacket.Ipv4Group, Ipv4ChecksumMode.PseudoHeader));
    }

    /// <summary>Rewrites the checksum after a deliberate change, so a test reaches the check after it.</summary>
    internal static void Refill(byte[] payload, VrrpIpHeader ip)
    {
        payload[6] = payload[7] = 0;
        var sum = InternetChecksum.Add(InternetChecksum.PseudoHeader(ip.Source, ip.Destination, VrrpPacket.Protocol, payload.Length), payload);
        var checksum = InternetChecksum.Complement(sum);
        payload[6] = (byte)(checksum >> 8);
        payload[7] = (byte)checksum;
    }
}
