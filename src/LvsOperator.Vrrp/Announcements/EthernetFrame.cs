using System.Buffers.Binary;
using System.Net.NetworkInformation;

namespace LvsOperator.Vrrp.Announcements;

/// <summary>The Ethernet II header both announcement frames start with.</summary>
internal static class EthernetFrame
{
    public const int HeaderLength = 14;
    public const byte MacLength = 6;

    public static ReadOnlySpan<byte> Broadcast => [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF];

    /// <summary>The six bytes of an Ethernet MAC; anything else is a caller bug.</summary>
    public static byte[] Mac(PhysicalAddress mac)
    {
        var bytes = mac.GetAddressBytes();
        return bytes.Length == MacLength
            ? bytes
            : throw new ArgumentException("An Ethernet MAC has 6 bytes.", nameof(mac));
    }

    /// <summary>Writes destination, source and EtherType; returns the payload that follows.</summary>
    public static Span<byte> WriteHeader(Span<byte> frame, ReadOnlySpan<byte> destination, ReadOnlySpan<byte> source, ushort etherType)
    {
        destination.CopyTo(frame);
        source.CopyTo(frame[MacLength..]);
        BinaryPrimitives.WriteUInt16BigEndian(frame[12..], etherType);
        return frame[HeaderLength..];
    }
}
