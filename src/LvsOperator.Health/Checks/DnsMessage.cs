using System.Buffers.Binary;
using System.Text;

namespace LvsOperator.Health.Checks;

/// <summary>The little of RFC 1035 (section 4.1) a health check needs: one question out, a response header back.</summary>
internal static class DnsMessage
{
    /// <summary>RFC 1035 section 2.3.4: UDP messages of 512 octets or less (larger ones come truncated).</summary>
    public const int MaxUdpSize = 512;

    private const int HeaderSize = 12;
    private const ushort RecursionDesired = 0x0100;
    private const ushort ClassInternet = 1;

    public static byte[] Query(ushort id, string name, ushort type)
    {
        var labels = name.TrimEnd('.').Split('.', StringSplitOptions.RemoveEmptyEntries);
        var qname = labels.Sum(l => 1 + Encoding.ASCII.GetByteCount(l)) + 1;
        if (qname > 255 || labels.Any(l => l.Length > 63)) throw new ArgumentException($"{name} is not a DNS name", nameof(name));

        var message = new byte[HeaderSize + qname + 4];
        var span = message.AsSpan();
        BinaryPrimitives.WriteUInt16BigEndian(span, id);
        BinaryPrimitives.WriteUInt16BigEndian(span[2..], RecursionDesired);
        BinaryPrimitives.WriteUInt16BigEndian(span[4..], 1); // QDCOUNT
        var at = HeaderSize;
        foreach (var label in labels)
        {
            message[at++] = (byte)label.Length;
            at += Encoding.ASCII.GetBytes(label, span[at..]);
        }

        message[at++] = 0; // the root label
        BinaryPrimitives.WriteUInt16BigEndian(span[at..], type);
        BinaryPrimitives.WriteUInt16BigEndian(span[(at + 2)..], ClassInternet);
        return message;
    }

    /// <summary>The header of a response (QR set); null for anything else, which a check ignores.</summary>
    public static DnsResponseHeader? ReadAnswer(ReadOnlySpan<byte> message)
    {
        if (message.Length < HeaderSize) return null;
        var flags = BinaryPrimitives.ReadUInt16BigEndian(message[2..]);
        if ((flags & 0x8000) == 0) return null;
        return new DnsResponseHeader(BinaryPrimitives.ReadUInt16BigEndian(message), flags & 0x000F);
    }
}
