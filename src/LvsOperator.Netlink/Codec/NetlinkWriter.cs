using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace LvsOperator.Netlink.Codec;

/// <summary>
/// Writes netlink messages and attributes to an <see cref="IBufferWriter{T}"/>.
/// A message is staged until its scope ends, because <c>nlmsg_len</c> and each nested
/// attribute's <c>nla_len</c> are only known at the end (the C form is
/// <c>nlmsg_put</c>/<c>nla_nest_start</c>/<c>nla_nest_end</c>); the finished message is then
/// copied to the sink. All padding goes through <see cref="NetlinkAlignment"/>.
/// </summary>
public sealed partial class NetlinkWriter
{
    private const int AttributeHeaderSize = 4;
    private readonly IBufferWriter<byte> _sink;
    private byte[] _stage = new byte[256];
    private int _length;
    private int _messageStart = -1;
    private int _openNests;

    /// <summary>Creates a writer that appends finished messages to <paramref name="sink"/>.</summary>
    public NetlinkWriter(IBufferWriter<byte> sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        _sink = sink;
    }

    /// <summary>
    /// Starts a message (<c>nlmsg_put</c>); disposing the scope writes <c>nlmsg_len</c> and copies
    /// the message to the sink.
    /// </summary>
    public MessageScope BeginMessage(ushort type, NetlinkMessageFlags flags, uint sequence = 0, uint portId = 0)
    {
        if (_messageStart >= 0)
        {
            throw new InvalidOperationException("A message is already open.");
        }

        _length = 0;
        _messageStart = 0;
        Span<byte> header = Reserve(NetlinkMessageHeader.Size);
        new NetlinkMessageHeader(0, type, flags, sequence, portId).Write(header);
        return new MessageScope(this);
    }

    /// <summary>
    /// Writes <c>struct genlmsghdr</c> (include/uapi/linux/genetlink.h): <c>__u8 cmd; __u8 version; __u16 reserved;</c>.
    /// </summary>
    public void WriteGenericHeader(byte command, byte version)
    {
        Span<byte> span = Reserve(4);
        span[0] = command;
        span[1] = version;
        span[2] = 0;
        span[3] = 0;
    }

    /// <summary>Writes a fixed family header (for example <c>struct ifaddrmsg</c>), padded to 4 bytes.</summary>
    public void WriteFamilyHeader(ReadOnlySpan<byte> header)
    {
        Span<byte> span = Reserve(NetlinkAlignment.Align(header.Length));
        header.CopyTo(span);
        span[header.Length..].Clear();
    }

    /// <summary>Writes an attribute with an arbitrary payload (<c>nla_put</c>).</summary>
    public void WriteBytes(ushort type, ReadOnlySpan<byte> payload)
    {
        Span<byte> span = ReserveAttribute(type, payload.Length);
        payload.CopyTo(span);
    }

    /// <summary>Writes a zero-length attribute (<c>nla_put_flag</c>).</summary>
    public void WriteFlag(ushort type) => ReserveAttribute(type, 0);

    /// <summary><c>nla_put_u8</c>.</summary>
    public void WriteUInt8(ushort type, byte value) => ReserveAttribute(type, 1)[0] = value;

    /// <summary><c>nla_put_u16</c> (host byte order).</summary>
    public void WriteUInt16(ushort type, ushort value) => HostOrder.Write(ReserveAttribute(type, 2), value);

    /// <summary><c>nla_put_u32</c> (host byte order).</summary>
    public void WriteUInt32(ushort type, uint value) => HostOrder.Write(ReserveAttribute(type, 4), value);

    /// <summary><c>nla_put_u64</c> (host byte order, no pad attribute).</summary>
    public void WriteUInt64(ushort type, ulong value) => HostOrder.Write(ReserveAttribute(type, 8), value);

    /// <summary><c>nla_put_be16</c>: a port in network byte order (<c>__be16</c>).</summary>
    public void WriteBigEndianUInt16(ushort type, ushort value) => BinaryPrimitives.WriteUInt16BigEndian(ReserveAttribute(type, 2), value);

    /// <summary><c>nla_put_be32</c> (<c>__be32</c>).</summary>
    public void WriteBigEndianUInt32(ushort type, uint value) => BinaryPrimitives.WriteUInt32BigEndian(ReserveAttribute(type, 4), value);

    /// <summary>Writes the address bytes (4 for IPv4, 16 for IPv6) as an attribute.</summary>
    public void WriteAddress(ushort type, IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out int written);
        WriteBytes(type, bytes[..written]);
    }

    /// <summary>
    /// Writes an address into a 16-byte <c>union nf_inet_addr</c>: IPv4 in the first four bytes,
    /// the rest zero, as IPVS expects for <c>IPVS_SVC_ATTR_ADDR</c>/<c>IPVS_DEST_ATTR_ADDR</c>.
    /// </summary>
    public void WriteInetAddress(ushort type, IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        Span<byte> span = ReserveAttribute(type, 16);
        span.Clear();
        address.TryWriteBytes(span, out _);
    }

    /// <summary><c>nla_put_string</c>: the string's UTF-8 bytes and a terminating nul.</summary>
    public void WriteString(ushort type, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("A netlink string cannot contain a nul character.", nameof(value));
        }

        int count = Encoding.UTF8.GetByteCount(value);
        Span<byte> span = ReserveAttribute(type, count + 1);
        Encoding.UTF8.GetBytes(value, span);
        span[count] = 0;
    }

    /// <summary>
    /// Starts a nested attribute (<c>nla_nest_start</c>); disposing the scope back-patches its
    /// length (<c>nla_nest_end</c>). <paramref name="markNested"/> sets <c>NLA_F_NESTED</c>, which
    /// strict kernel policies want; ipvsadm (libnl) and iproute2 leave it clear.
    /// </summary>
    public NestScope BeginNested(ushort type, bool markNested = false)
    {
        int start = _length;
        ushort wireType = markNested ? (ushort)(type | NetlinkAttributeType.Nested) : type;
        ReserveAttribute(wireType, 0);
        _openNests++;
        return new NestScope(this, start);
    }

    private void EndNested(int start)
    {
        HostOrder.Write(_stage.AsSpan(start), checked((ushort)(_length - start)));
        _openNests--;
    }

    private void EndMessage()
    {
        if (_openNests != 0)
        {
            throw new InvalidOperationException("A nested attribute is still open.");
        }

        HostOrder.Write(_stage.AsSpan(_messageStart), (uint)(_length - _messageStart));
        _sink.Write(_stage.AsSpan(_messageStart, _length - _messageStart));
        _messageStart = -1;
        _length = 0;
    }

    private Span<byte> ReserveAttribute(ushort type, int payloadLength)
    {
        int total = AttributeHeaderSize + payloadLength;
        if (total > ushort.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(payloadLength), "An attribute cannot exceed 65535 bytes.");
        }

        Span<byte> span = Reserve(NetlinkAlignment.Align(total));
        HostOrder.Write(span, (ushort)total);
        HostOrder.Write(span[2..], type);
        span[total..].Clear();
        return span.Slice(AttributeHeaderSize, payloadLength);
    }

    private Span<byte> Reserve(int count)
    {
        if (_messageStart < 0)
        {
            throw new InvalidOperationException("Begin a message before writing to it.");
        }

        if (_length + count > _stage.Length)
        {
            Array.Resize(ref _stage, Math.Max(_stage.Length * 2, _length + count));
        }

        Span<byte> span = _stage.AsSpan(_length, count);
        _length += count;
        return span;
    }
}
