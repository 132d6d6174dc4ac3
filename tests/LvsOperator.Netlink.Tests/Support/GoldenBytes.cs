using System.Buffers;
using LvsOperator.Netlink.Codec;

namespace LvsOperator.Netlink.Tests.Support;

/// <summary>Encodes with the real writer and compares with golden bytes as hex dumps, so a failure shows the line that differs.</summary>
internal static class GoldenBytes
{
    public static byte[] Encode(Action<NetlinkWriter> encode)
    {
        var buffer = new ArrayBufferWriter<byte>();
        encode(new NetlinkWriter(buffer));
        return buffer.WrittenSpan.ToArray();
    }

    public static void Equal(byte[] expected, byte[] actual) => Assert.Equal(Hex.Dump(expected), Hex.Dump(actual));
}
