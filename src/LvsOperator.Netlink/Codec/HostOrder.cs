using System.Runtime.InteropServices;

namespace LvsOperator.Netlink.Codec;

/// <summary>
/// Netlink headers and most attributes are in host byte order ("native endian" in
/// include/uapi/linux/netlink.h); only attributes typed <c>__be16</c>/<c>__be32</c> are network order.
/// Callers check lengths before calling.
/// </summary>
internal static class HostOrder
{
    public static ushort ReadUInt16(ReadOnlySpan<byte> source) => MemoryMarshal.Read<ushort>(source);

    public static uint ReadUInt32(ReadOnlySpan<byte> source) => MemoryMarshal.Read<uint>(source);

    public static ulong ReadUInt64(ReadOnlySpan<byte> source) => MemoryMarshal.Read<ulong>(source);

    public static int ReadInt32(ReadOnlySpan<byte> source) => MemoryMarshal.Read<int>(source);

    public static void Write(Span<byte> destination, ushort value) => MemoryMarshal.Write(destination, in value);

    public static void Write(Span<byte> destination, uint value) => MemoryMarshal.Write(destination, in value);

    public static void Write(Span<byte> destination, ulong value) => MemoryMarshal.Write(destination, in value);
}
