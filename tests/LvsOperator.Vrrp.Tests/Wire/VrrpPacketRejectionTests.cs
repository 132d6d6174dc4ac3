using System.Net;
using FsCheck.Xunit;
using LvsOperator.Vrrp.Wire;

namespace LvsOperator.Vrrp.Tests.Wire;

public sealed class VrrpPacketRejectionTests
{
    public static TheoryData<string, VrrpRejection> Cases => new()
    {
        { "protocol 17", VrrpRejection.WrongProtocol },
        { "ttl 254", VrrpRejection.WrongHopLimit },
        { "ipv6 destination", VrrpRejection.AddressFamilyMismatch },
        { "7 bytes", VrrpRejection.Truncated },
        { "version 2", VrrpRejection.UnsupportedVersion },
        { "type 2", VrrpRejection.UnknownType },
        { "count 4", VrrpRejection.LengthMismatch },
        { "a byte more", VrrpRejection.LengthMismatch },
        { "an address bit flipped", VrrpRejection.BadChecksum },
        { "interval 0", VrrpRejection.ZeroInterval },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_receive_rule_has_its_reason(string change, VrrpRejection expected)
    {
        var (payload, header) = Broken(change);

        Assert.False(VrrpPacket.TryDecode(payload, header, VrrpWireOptions.Default, out var advertisement, out var rejection));
        Assert.Equal(expected, rejection);
        Assert.Null(advertisement);
    }

    [Fact]
    public void The_hop_limit_is_not_checked_when_told_not_to()
    {
        var header = Captured.Header with { HopLimit = 61 };
        var relaxed = VrrpWireOptions.Default with { RequireHopLimit255 = false };

        Assert.True(VrrpPacket.TryDecode(Captured.Payload, header, relaxed, out _, out _));
    }

    [Property(MaxTest = 2000)]
    public bool Random_bytes_are_rejected_with_a_reason_and_never_throw(byte[] payload, byte protocol, byte hopLimit, bool ipv6)
    {
        var source = ipv6 ? IPAddress.Parse("fe80::2") : Captured.Source;
        var header = new VrrpIpHeader(source, VrrpPacket.GroupFor(source.AddressFamily), protocol, hopLimit);
        var decoded = VrrpPacket.TryDecode(payload ?? [], header, VrrpWireOptions.Default, out var advertisement, out var rejection);
        return decoded ? rejection == VrrpRejection.None && advertisement is not null : rejection != VrrpRejection.None && advertisement is null;
    }

    [Property(MaxTest = 2000)]
    public bool Random_bodies_behind_a_valid_version_byte_never_throw(byte[] body, byte count)
    {
        byte[] payload = [0x31, 1, 100, count, .. body ?? []];
        var decoded = VrrpPacket.TryDecode(payload, Captured.Header, VrrpWireOptions.Default, out _, out var rejection);
        return decoded == (rejection == VrrpRejection.None);
    }

    [Property]
    public bool Any_single_bit_flip_of_the_captured_advertisement_is_rejected(uint bit)
    {
        var payload = Captured.Payload;
        var position = (int)(bit % (uint)(payload.Length * 8));
        payload[position / 8] ^= (byte)(1 << (position % 8));
        return !VrrpPacket.TryDecode(payload, Captured.Header, VrrpWireOptions.Default, out _, out _);
    }

    [Property(MaxTest = 500)]
    public bool What_is_encoded_decodes_to_the_same_fields(byte vrid, byte priority, ushort interval, uint[] seeds, bool ipv6)
    {
        interval = (ushort)((interval % VrrpPacket.MaxInterval) + 1);
        var addresses = (seeds ?? []).Take(255).Select(s => ipv6 ? V6(s) : new IPAddress(s)).ToArray();
        var source = ipv6 ? IPAddress.Parse("fe80::1") : Captured.Source;
        var destination = VrrpPacket.GroupFor(source.AddressFamily);
        var advertisement = new VrrpAdvertisement(vrid, priority, interval, [.. addresses]);

        var payload = VrrpPacket.Encode(advertisement, source, destination, Ipv4ChecksumMode.PseudoHeader);

        return VrrpPacket.TryDecode(payload, new(source, destination, 112, 255), VrrpWireOptions.Default, out var decoded, out _) &&
            decoded.VirtualRouterId == vrid && decoded.Priority == priority && decoded.MaxAdvertiseInterval == interval &&
            decoded.Addresses.SequenceEqual(addresses);
    }

    private static IPAddress V6(uint seed) => IPAddress.Parse($"2001:db8::{seed >> 16:x}:{seed & 0xFFFF:x}");

    private static (byte[] Payload, VrrpIpHeader Header) Broken(string change)
    {
        var payload = Captured.Payload;
        var header = Captured.Header;
        switch (change)
        {
            case "protocol 17": return (payload, header with { Protocol = 17 });
            case "ttl 254": return (payload, header with { HopLimit = 254 });
            case "ipv6 destination": return (payload, header with { Destination = VrrpPacket.Ipv6Group });
            case "7 bytes": return (payload[..7], header);
            case "a byte more": return ([.. payload, 0], header);
            case "version 2": payload[0] = 0x21; break;
            case "type 2": payload[0] = 0x32; break;
            case "count 4": payload[3] = 4; break;
            case "an address bit flipped": payload[^1] ^= 1; return (payload, header);
            case "interval 0": payload[5] = 0; break;
            default: throw new ArgumentOutOfRangeException(nameof(change), change, null);
        }

        // Keep the checksum right so only the change under test is wrong.
        VrrpPacketGoldenTests.Refill(payload, header);
        return (payload, header);
    }
}
