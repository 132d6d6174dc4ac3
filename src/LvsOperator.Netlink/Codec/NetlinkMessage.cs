namespace LvsOperator.Netlink.Codec;

/// <summary>One message: its header and the payload that follows it (without trailing padding).</summary>
public readonly ref struct NetlinkMessage
{
    internal NetlinkMessage(NetlinkMessageHeader header, ReadOnlySpan<byte> payload)
    {
        Header = header;
        Payload = payload;
    }

    /// <summary>The <c>struct nlmsghdr</c>.</summary>
    public NetlinkMessageHeader Header { get; }

    /// <summary>Bytes after the header, up to <c>nlmsg_len</c>.</summary>
    public ReadOnlySpan<byte> Payload { get; }

    /// <summary>
    /// The attributes after a fixed family header of <paramref name="familyHeaderSize"/> bytes
    /// (4 for <c>genlmsghdr</c>, 8 for <c>ifaddrmsg</c>, 16 for <c>ifinfomsg</c>).
    /// </summary>
    public NetlinkAttributeEnumerator GetAttributes(int familyHeaderSize)
    {
        int offset = NetlinkAlignment.Align(familyHeaderSize);
        if (Payload.Length < offset)
        {
            throw new NetlinkProtocolException($"Message type {Header.Type}: payload of {Payload.Length} bytes is shorter than its {familyHeaderSize}-byte family header.");
        }

        return new NetlinkAttributeEnumerator(Payload[offset..]);
    }

    /// <summary>The fixed family header of <paramref name="size"/> bytes, checked for length.</summary>
    public ReadOnlySpan<byte> GetFamilyHeader(int size)
    {
        if (Payload.Length < size)
        {
            throw new NetlinkProtocolException($"Message type {Header.Type}: payload of {Payload.Length} bytes is shorter than its {size}-byte family header.");
        }

        return Payload[..size];
    }
}
