using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace LvsOperator.Core.LoadBalancing;

/// <summary>Addresses as unsigned integers (network byte order read big-endian), and back.</summary>
internal static class AddressNumbers
{
    public static int Bits(AddressFamily family) => family == AddressFamily.InterNetworkV6 ? 128 : 32;

    public static UInt128 AllOnes(int bits) => bits == 128 ? UInt128.MaxValue : (UInt128.One << bits) - 1;

    public static UInt128 ToNumber(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var written);
        return written == 4
            ? BinaryPrimitives.ReadUInt32BigEndian(bytes)
            : BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    public static IPAddress ToAddress(AddressFamily family, UInt128 number)
    {
        if (family == AddressFamily.InterNetwork)
        {
            Span<byte> v4 = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(v4, (uint)number);
            return new IPAddress(v4);
        }

        Span<byte> v6 = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(v6, number);
        return new IPAddress(v6);
    }

    /// <summary>MetalLB's <c>avoidBuggyIPs</c>: IPv4 addresses ending in .0 or .255, which old routers treat as broadcast.</summary>
    public static bool IsBuggy(AddressFamily family, UInt128 number) =>
        family == AddressFamily.InterNetwork && (byte)number is 0 or 255;
}
