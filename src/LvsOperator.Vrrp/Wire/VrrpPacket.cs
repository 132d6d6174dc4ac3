using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace LvsOperator.Vrrp.Wire;

/// <summary>
/// Encodes and decodes VRRPv3 advertisements (RFC 5798 §5.1), the payload after the IP header:
/// <code>
///  0: version (4 bits) = 3 | type (4 bits) = 1
///  1: virtual router id
///  2: priority
///  3: count IPvX addr
///  4: reserved (4 bits) = 0 | max advertise interval (12 bits, centiseconds)
///  6: checksum
///  8: count × 4 (IPv4) or 16 (IPv6) address bytes
/// </code>
/// Decoding never throws: malformed input comes back as a <see cref="VrrpRejection"/>.
/// </summary>
public static class VrrpPacket
{
    /// <summary>IPPROTO_VRRP (RFC 5798 §5.1.1.4, §5.1.2.4).</summary>
    public const byte Protocol = 112;

    /// <summary>TTL / hop limit every advertisement is sent with and checked for (§5.1.1.3, §5.1.2.3).</summary>
    public const byte HopLimit = 255;

    /// <summary>The 12-bit ceiling of Max Advertise Interval: 40.95 s.</summary>
    public const ushort MaxInterval = 0x0FFF;

    /// <summary>Bytes before the addresses.</summary>
    public const int HeaderLength = 8;

    private const byte VersionAndType = 0x31;
    private const int ChecksumOffset = 6;

    /// <summary>224.0.0.18, the IPv4 VRRP group (§5.1.1.2).</summary>
    public static IPAddress Ipv4Group { get; } = IPAddress.Parse("224.0.0.18");

    /// <summary>ff02::12, the IPv6 VRRP group (§5.1.2.2).</summary>
    public static IPAddress Ipv6Group { get; } = IPAddress.Parse("ff02::12");

    /// <summary>The group for a family.</summary>
    public static IPAddress GroupFor(AddressFamily family) =>
        family == AddressFamily.InterNetworkV6 ? Ipv6Group : Ipv4Group;

    /// <summary>Centiseconds on the wire to a duration.</summary>
    public static TimeSpan FromCentiseconds(int centiseconds) => TimeSpan.FromMilliseconds(centiseconds * 10L);

    /// <summary>The encoded length of an advertisement.</summary>
    public static int LengthOf(VrrpAdvertisement advertisement, AddressFamily family) =>
        HeaderLength + (advertisement.Addresses.Length * InternetChecksum.AddressLength(family));

    /// <summary>
    /// Encodes an advertisement sent from <paramref name="source"/> to <paramref name="destination"/>
    /// (both enter the checksum). Throws on values the wire cannot carry: a caller bug, not input.
    /// </summary>
    public static byte[] Encode(VrrpAdvertisement advertisement, IPAddress source, IPAddress destination, Ipv4ChecksumMode ipv4Checksum)
    {
        ArgumentNullException.ThrowIfNull(advertisement);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        var family = source.AddressFamily;
        if (destination.AddressFamily != family || advertisement.Addresses.Any(a => a.AddressFamily != family))
        {
            throw new ArgumentException("Source, destination and addresses must be of one family.", nameof(advertisement));
        }

        if (advertisement.Addresses.Length > byte.MaxValue)
        {
            throw new ArgumentException("At most 255 addresses fit Count IPvX Addr.", nameof(advertisement));
        }

        if (advertisement.MaxAdvertiseInterval > MaxInterval)
        {
            throw new ArgumentException("Max Advertise Interval has 12 bits.", nameof(advertisement));
        }

        var packet = new byte[LengthOf(advertisement, family)];
        packet[0] = VersionAndType;
        packet[1] = advertisement.VirtualRouterId;
        packet[2] = advertisement.Priority;
        packet[3] = (byte)advertisement.Addresses.Length;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(4), advertisement.MaxAdvertiseInterval);
        var offset = HeaderLength;
        foreach (var address in advertisement.Addresses)
        {
            address.TryWriteBytes(packet.AsSpan(offset), out var written);
            offset += written;
        }

        var checksum = InternetChecksum.Complement(Sum(packet, source, destination, ipv4Checksum));
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(ChecksumOffset), checksum);
        return packet;
    }

    /// <summary>
    /// Decodes and checks a received advertisement: the IP-layer checks of RFC 5798 §7.1 on
    /// <paramref name="ip"/>, then version, type, length against the address count, checksum.
    /// Which virtual router it is for is the instance's business.
    /// </summary>
    public static bool TryDecode(
        ReadOnlySpan<byte> payload,
        VrrpIpHeader ip,
        VrrpWireOptions options,
        [NotNullWhen(true)] out VrrpAdvertisement? advertisement,
        out VrrpRejection rejection)
    {
        ArgumentNullException.ThrowIfNull(options);
        advertisement = null;
        rejection = Check(payload, ip, options);
        if (rejection != VrrpRejection.None)
        {
            return false;
        }

        var addressLength = InternetChecksum.AddressLength(ip.Source.AddressFamily);
        var addresses = ImmutableArray.CreateBuilder<IPAddress>(payload[3]);
        for (var offset = HeaderLength; offset < payload.Length; offset += addressLength)
        {
            addresses.Add(new IPAddress(payload.Slice(offset, addressLength)));
        }

        advertisement = new VrrpAdvertisement(
            payload[1],
            payload[2],
            (ushort)(BinaryPrimitives.ReadUInt16BigEndian(payload[4..]) & MaxInterval),
            addresses.MoveToImmutable());
        return true;
    }

    private static VrrpRejection Check(ReadOnlySpan<byte> payload, VrrpIpHeader ip, VrrpWireOptions options)
    {
        if (ip.Protocol != Protocol)
        {
            return VrrpRejection.WrongProtocol;
        }

        if (options.RequireHopLimit255 && ip.HopLimit != HopLimit)
        {
            return VrrpRejection.WrongHopLimit;
        }

        var family = ip.Source?.AddressFamily;
        if (family is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6) || ip.Destination?.AddressFamily != family)
        {
            return VrrpRejection.AddressFamilyMismatch;
        }

        if (payload.Length < HeaderLength)
        {
            return VrrpRejection.Truncated;
        }

        if (payload[0] >> 4 != 3)
        {
            return VrrpRejection.UnsupportedVersion;
        }

        if ((payload[0] & 0x0F) != 1)
        {
            return VrrpRejection.UnknownType;
        }

        if (payload.Length != HeaderLength + (payload[3] * InternetChecksum.AddressLength(family.Value)))
        {
            return VrrpRejection.LengthMismatch;
        }

        // A correct checksum field makes the complemented sum over everything zero.
        if (InternetChecksum.Complement(Sum(payload, ip.Source!, ip.Destination, options.Ipv4Checksum)) != 0)
        {
            return VrrpRejection.BadChecksum;
        }

        return (BinaryPrimitives.ReadUInt16BigEndian(payload[4..]) & MaxInterval) == 0
            ? VrrpRejection.ZeroInterval
            : VrrpRejection.None;
    }

    private static uint Sum(ReadOnlySpan<byte> message, IPAddress source, IPAddress destination, Ipv4ChecksumMode ipv4Checksum)
    {
        var withPseudoHeader = source.AddressFamily == AddressFamily.InterNetworkV6 || ipv4Checksum == Ipv4ChecksumMode.PseudoHeader;
        var initial = withPseudoHeader ? InternetChecksum.PseudoHeader(source, destination, Protocol, message.Length) : 0u;
        return InternetChecksum.Add(initial, message);
    }
}
