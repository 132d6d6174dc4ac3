namespace LvsOperator.Netlink.Codec;

/// <summary>
/// <c>struct nlmsghdr</c> (include/uapi/linux/netlink.h): <c>__u32 nlmsg_len; __u16 nlmsg_type;
/// __u16 nlmsg_flags; __u32 nlmsg_seq; __u32 nlmsg_pid;</c>, all in host byte order.
/// </summary>
public readonly record struct NetlinkMessageHeader(uint Length, ushort Type, NetlinkMessageFlags Flags, uint Sequence, uint PortId)
{
    /// <summary><c>NLMSG_HDRLEN</c>.</summary>
    public const int Size = 16;

    /// <summary>Reads a header; the caller guarantees at least <see cref="Size"/> bytes.</summary>
    internal static NetlinkMessageHeader Read(ReadOnlySpan<byte> source) => new(
        HostOrder.ReadUInt32(source),
        HostOrder.ReadUInt16(source[4..]),
        (NetlinkMessageFlags)HostOrder.ReadUInt16(source[6..]),
        HostOrder.ReadUInt32(source[8..]),
        HostOrder.ReadUInt32(source[12..]));

    internal void Write(Span<byte> destination)
    {
        HostOrder.Write(destination, Length);
        HostOrder.Write(destination[4..], Type);
        HostOrder.Write(destination[6..], (ushort)Flags);
        HostOrder.Write(destination[8..], Sequence);
        HostOrder.Write(destination[12..], PortId);
    }
}
