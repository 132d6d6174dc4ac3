namespace LvsOperator.Netlink.Codec;

/// <summary>
/// Walks a run of attributes like the kernel's <c>nla_for_each_attr</c>, but strictly: an
/// attribute shorter than its header or longer than what remains, or stray bytes after the last
/// one, raise <see cref="NetlinkProtocolException"/>. Use with <c>foreach</c>.
/// </summary>
public ref struct NetlinkAttributeEnumerator
{
    private const int HeaderSize = 4;
    private ReadOnlySpan<byte> _remaining;
    private NetlinkAttribute _current;

    /// <summary>Enumerates the attributes in <paramref name="attributes"/>.</summary>
    public NetlinkAttributeEnumerator(ReadOnlySpan<byte> attributes)
    {
        _remaining = attributes;
        _current = default;
    }

    /// <summary>The current attribute.</summary>
    public readonly NetlinkAttribute Current => _current;

    /// <summary>Returns this enumerator, for <c>foreach</c>.</summary>
    public readonly NetlinkAttributeEnumerator GetEnumerator() => this;

    /// <summary>Advances to the next attribute.</summary>
    public bool MoveNext()
    {
        if (_remaining.IsEmpty)
        {
            return false;
        }

        if (_remaining.Length < HeaderSize)
        {
            throw new NetlinkProtocolException($"{_remaining.Length} stray bytes after the last attribute.");
        }

        int length = HostOrder.ReadUInt16(_remaining);
        ushort type = HostOrder.ReadUInt16(_remaining[2..]);
        if (length < HeaderSize || length > _remaining.Length)
        {
            throw new NetlinkProtocolException($"Attribute {type & NetlinkAttributeType.Mask} has length {length} with {_remaining.Length} bytes left.");
        }

        _current = new NetlinkAttribute(type, _remaining[HeaderSize..length]);

        // The last attribute of a message may omit its padding; never step past the end.
        _remaining = _remaining[Math.Min(NetlinkAlignment.Align(length), _remaining.Length)..];
        return true;
    }
}
