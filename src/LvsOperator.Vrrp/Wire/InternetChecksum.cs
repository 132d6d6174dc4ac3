using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace LvsOperator.Vrrp.Wire;

/// <summary>
/// The Internet checksum (RFC 1071): the 16-bit one's complement of the one's complement sum of
/// big-endian 16-bit words, an odd last byte padded with zero. Shared by VRRP and ICMPv6.
/// </summary>
internal static class InternetChecksum
{
    /// <summary>Adds <paramref name="data"/> to a running 32-bit sum (carries are folded at the end).</summary>
    public static uint Add(uint sum, ReadOnlySpan<byte> data)
    {
        var words = data.Length & ~1;
        for (var i = 0; i < words; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        }

        if (words != data.Length)
        {
            sum += (uint)data[^1] << 8;
        }

        // Fold early so a long run never overflows 32 bits.
        return (sum & 0xFFFF) + (sum >> 16);
    }

    /// <summary>The checksum field's value for a running sum.</summary>
    public static ushort Complement(uint sum)
    {
        while (sum > 0xFFFF)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (ushort)~sum;
    }

    /// <summary>
    /// The sum of an upper-layer pseudo-header. IPv6: RFC 8200 §8.1 (source, destination, 32-bit
    /// length, three zero bytes, next header). IPv4: RFC 768's layout (source, destination, zero,
    /// protocol, 16-bit length); both add up to the same words for the same values.
    /// </summary>
    public static uint PseudoHeader(IPAddress source, IPAddress destination, byte protocol, int length)
    {
        Span<byte> address = stackalloc byte[16];
        var sum = 0u;
        foreach (var ip in (ReadOnlySpan<IPAddress>)[source, destination])
        {
            ip.TryWriteBytes(address, out var written);
            sum = Add(sum, address[..written]);
        }

        Span<byte> tail = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(tail, (uint)length);
        BinaryPrimitives.WriteUInt32BigEndian(tail[4..], protocol);
        return Add(sum, tail);
    }

    /// <summary>How many bytes an address of this family takes on the wire.</summary>
    public static int AddressLength(AddressFamily family) => family == AddressFamily.InterNetworkV6 ? 16 : 4;
}
