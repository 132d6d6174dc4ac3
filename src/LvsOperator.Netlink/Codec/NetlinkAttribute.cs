using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace LvsOperator.Netlink.Codec;

/// <summary>
/// One attribute (<c>struct nlattr</c>: <c>__u16 nla_len; __u16 nla_type;</c> and payload).
/// Every typed getter demands the exact payload length of its type and raises
/// <see cref="NetlinkProtocolException"/> otherwise: reading a u32 weight as a u16 is the bug
/// this prevents.
/// </summary>
public readonly ref struct NetlinkAttribute
{
    private readonly ushort _rawType;

    internal NetlinkAttribute(ushort rawType, ReadOnlySpan<byte> payload)
    {
        _rawType = rawType;
        Payload = payload;
    }

    /// <summary>The type with <c>NLA_F_NESTED</c> and <c>NLA_F_NET_BYTEORDER</c> masked off.</summary>
    public ushort Type => (ushort)(_rawType & NetlinkAttributeType.Mask);

    /// <summary>Whether the sender set <c>NLA_F_NESTED</c>.</summary>
    public bool IsNestedFlagSet => (_rawType & NetlinkAttributeType.Nested) != 0;

    /// <summary>Whether the sender set <c>NLA_F_NET_BYTEORDER</c>.</summary>
    public bool IsNetByteOrderFlagSet => (_rawType & NetlinkAttributeType.NetByteOrder) != 0;

    /// <summary>The payload without padding.</summary>
    public ReadOnlySpan<byte> Payload { get; }

    /// <summary>A u8 payload.</summary>
    public byte GetUInt8() => Exact(1)[0];

    /// <summary>A u16 payload in host byte order.</summary>
    public ushort GetUInt16() => HostOrder.ReadUInt16(Exact(2));

    /// <summary>A u32 payload in host byte order.</summary>
    public uint GetUInt32() => HostOrder.ReadUInt32(Exact(4));

    /// <summary>A u64 payload in host byte order.</summary>
    public ulong GetUInt64() => HostOrder.ReadUInt64(Exact(8));

    /// <summary>A <c>__be16</c> payload, such as a port.</summary>
    public ushort GetBigEndianUInt16() => BinaryPrimitives.ReadUInt16BigEndian(Exact(2));

    /// <summary>A <c>__be32</c> payload.</summary>
    public uint GetBigEndianUInt32() => BinaryPrimitives.ReadUInt32BigEndian(Exact(4));

    /// <summary>
    /// A 16-byte <c>union nf_inet_addr</c>, read as IPv4 (first four bytes) or IPv6 per
    /// <paramref name="family"/>.
    /// </summary>
    public IPAddress GetInetAddress(System.Net.Sockets.AddressFamily family)
    {
        ReadOnlySpan<byte> bytes = Exact(16);
        return family switch
        {
            System.Net.Sockets.AddressFamily.InterNetwork => new IPAddress(bytes[..4]),
            System.Net.Sockets.AddressFamily.InterNetworkV6 => new IPAddress(bytes),
            _ => throw new NetlinkProtocolException($"Attribute {Type}: address family {family} is neither IPv4 nor IPv6."),
        };
    }

    /// <summary>An address of exactly 4 (IPv4) or 16 (IPv6) bytes, as rtnetlink sends them.</summary>
    public IPAddress GetAddress()
    {
        if (Payload.Length is not (4 or 16))
        {
            throw new NetlinkProtocolException($"Attribute {Type}: an address must be 4 or 16 bytes, got {Payload.Length}.");
        }

        return new IPAddress(Payload);
    }

    /// <summary>A nul-terminated string; the terminator must be the last payload byte and the only nul.</summary>
    public string GetString()
    {
        ReadOnlySpan<byte> payload = Payload;
        int nul = payload.IndexOf((byte)0);
        if (nul < 0)
        {
            throw new NetlinkProtocolException($"Attribute {Type}: string is not nul-terminated.");
        }

        if (nul != payload.Length - 1)
        {
            throw new NetlinkProtocolException($"Attribute {Type}: string has bytes after its nul terminator.");
        }

        try
        {
            return Strict.GetString(payload[..nul]);
        }
        catch (DecoderFallbackException e)
        {
            throw new NetlinkProtocolException($"Attribute {Type}: string is not valid UTF-8.", e);
        }
    }

    /// <summary>The attributes nested in this one's payload.</summary>
    public NetlinkAttributeEnumerator GetNested() => new(Payload);

    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private ReadOnlySpan<byte> Exact(int length)
    {
        if (Payload.Length != length)
        {
            throw new NetlinkProtocolException($"Attribute {Type}: expected {length} bytes, got {Payload.Length}.");
        }

        return Payload;
    }
}
