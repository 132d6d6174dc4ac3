namespace LvsOperator.Netlink.Codec;

/// <summary>
/// Walks the messages of one datagram like <c>NLMSG_OK</c>/<c>NLMSG_NEXT</c>, strictly: a
/// header cut short, an <c>nlmsg_len</c> below the header size or past the datagram, or stray
/// bytes after the last message raise <see cref="NetlinkProtocolException"/>. Use with <c>foreach</c>.
/// </summary>
public ref struct NetlinkMessageEnumerator
{
    private ReadOnlySpan<byte> _remaining;
    private NetlinkMessage _current;

    /// <summary>Enumerates the messages in <paramref name="datagram"/>.</summary>
    public NetlinkMessageEnumerator(ReadOnlySpan<byte> datagram)
    {
        _remaining = datagram;
        _current = default;
    }

    /// <summary>The current message.</summary>
    public readonly NetlinkMessage Current => _current;

    /// <summary>Returns this enumerator, for <c>foreach</c>.</summary>
    public readonly NetlinkMessageEnumerator GetEnumerator() => this;

    /// <summary>Advances to the next message.</summary>
    public bool MoveNext()
    {
        if (_remaining.IsEmpty)
        {
            return false;
        }

        if (_remaining.Length < NetlinkMessageHeader.Size)
        {
            throw new NetlinkProtocolException($"{_remaining.Length} bytes cannot hold a message header.");
        }

        NetlinkMessageHeader header = NetlinkMessageHeader.Read(_remaining);
        if (header.Length < NetlinkMessageHeader.Size || header.Length > (uint)_remaining.Length)
        {
            throw new NetlinkProtocolException($"Message type {header.Type} has length {header.Length} with {_remaining.Length} bytes left.");
        }

        int length = (int)header.Length;
        _current = new NetlinkMessage(header, _remaining[NetlinkMessageHeader.Size..length]);
        _remaining = _remaining[Math.Min(NetlinkAlignment.Align(length), _remaining.Length)..];
        return true;
    }
}
