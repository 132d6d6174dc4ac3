using System.Buffers;
using System.Net;
using LvsOperator.Netlink.Codec;
using LvsOperator.Netlink.Tests.Support;

namespace LvsOperator.Netlink.Tests.Codec;

public class NetlinkWriterTests
{
    private static byte[] Write(Action<NetlinkWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new NetlinkWriter(buffer);
        using (writer.BeginMessage(0x20, NetlinkMessageFlags.Request | NetlinkMessageFlags.Ack, sequence: 7, portId: 0))
        {
            body(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void Golden(byte[] expected, byte[] actual) => Assert.Equal(Hex.Dump(expected), Hex.Dump(actual));

    public static TheoryData<string, Action<NetlinkWriter>, byte[]> Attributes => new()
    {
        {
            "u8 pads to 4", w => w.WriteUInt8(1, 0xAB), Hex.Bytes(
                "05 00",       // nla_len 5
                "01 00",       // nla_type 1
                "ab",          // value
                "00 00 00")    // NLA_ALIGN padding
        },
        {
            "u16 host order", w => w.WriteUInt16(2, 0x1234), Hex.Bytes(
                "06 00", "02 00",
                "34 12",       // little-endian host order
                "00 00")
        },
        {
            "be16 port 80", w => w.WriteBigEndianUInt16(4, 80), Hex.Bytes(
                "06 00", "04 00",
                "00 50",       // __be16 80
                "00 00")
        },
        {
            "u32", w => w.WriteUInt32(5, 0xDEADBEEF), Hex.Bytes(
                "08 00", "05 00",
                "ef be ad de")
        },
        {
            "u64", w => w.WriteUInt64(6, 0x0102030405060708), Hex.Bytes(
                "0c 00", "06 00",
                "08 07 06 05 04 03 02 01")
        },
        {
            "string with nul", w => w.WriteString(6, "wrr"), Hex.Bytes(
                "08 00", "06 00",
                "77 72 72 00") // "wrr\0", already aligned
        },
        {
            "empty string is just the nul", w => w.WriteString(6, string.Empty), Hex.Bytes(
                "05 00", "06 00",
                "00",
                "00 00 00")
        },
        {
            "flag has no payload", w => w.WriteFlag(9), Hex.Bytes(
                "04 00", "09 00")
        },
        {
            "IPv4 in nf_inet_addr", w => w.WriteInetAddress(3, IPAddress.Parse("10.0.0.1")), Hex.Bytes(
                "14 00", "03 00",
                "0a 00 00 01",                          // the IPv4 address first
                "00 00 00 00 00 00 00 00 00 00 00 00")  // rest of the 16-byte union
        },
        {
            "IPv6 in nf_inet_addr", w => w.WriteInetAddress(3, IPAddress.Parse("2001:db8::1")), Hex.Bytes(
                "14 00", "03 00",
                "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01")
        },
        {
            "plain address", w => w.WriteAddress(2, IPAddress.Parse("192.0.2.7")), Hex.Bytes(
                "08 00", "02 00",
                "c0 00 02 07")
        },
    };

    [Theory]
    [MemberData(nameof(Attributes))]
    public void Attribute_is_encoded_exactly(string name, Action<NetlinkWriter> write, byte[] attribute)
    {
        Assert.NotNull(name);
        byte[] header = Hex.Bytes(
            "00 00 00 00", // nlmsg_len, patched below
            "20 00",       // nlmsg_type 0x20
            "05 00",       // NLM_F_REQUEST | NLM_F_ACK
            "07 00 00 00", // nlmsg_seq 7
            "00 00 00 00"); // nlmsg_pid 0 (to the kernel)
        byte[] expected = [.. header, .. attribute];
        BitConverter.TryWriteBytes(expected.AsSpan(0, 4), expected.Length);
        Golden(expected, Write(write));
    }

    [Fact]
    public void Nested_scopes_back_patch_their_lengths()
    {
        byte[] actual = Write(w =>
        {
            w.WriteGenericHeader(command: 1, version: 1);
            using (w.BeginNested(1))
            {
                w.WriteUInt16(1, 2);
                using (w.BeginNested(10, markNested: true))
                {
                    w.WriteUInt32(1, 5);
                }
            }
        });

        Golden(Hex.Bytes(
            "2c 00 00 00",  // nlmsg_len 44
            "20 00", "05 00", "07 00 00 00", "00 00 00 00",
            "01 01 00 00",  // genlmsghdr: cmd 1, version 1, reserved
            "18 00",        // outer nest nla_len 24 (patched on dispose)
            "01 00",        // type 1, NLA_F_NESTED clear as libnl sends it
            "06 00 01 00 02 00 00 00",  // u16 2, padded
            "0c 00",        // inner nest nla_len 12
            "0a 80",        // type 10 | NLA_F_NESTED
            "08 00 01 00 05 00 00 00"), // u32 5
            actual);
    }

    [Fact]
    public void Family_header_is_padded()
    {
        byte[] actual = Write(w => w.WriteFamilyHeader([1, 2, 3, 4, 5]));
        Assert.Equal(16 + 8, actual.Length);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 0, 0, 0 }, actual[16..]);
    }

    [Fact]
    public void Several_messages_go_to_the_sink_back_to_back()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new NetlinkWriter(buffer);
        for (int i = 0; i < 3; i++)
        {
            using (writer.BeginMessage(0x10, NetlinkMessageFlags.Request))
            {
                writer.WriteUInt8(1, (byte)i);
            }
        }

        Assert.Equal(3 * 24, buffer.WrittenCount);
        int count = 0;
        foreach (NetlinkMessage message in new NetlinkMessageEnumerator(buffer.WrittenSpan))
        {
            Assert.Equal(24u, message.Header.Length);
            foreach (NetlinkAttribute attribute in message.GetAttributes(0))
            {
                Assert.Equal(count, attribute.GetUInt8());
            }

            count++;
        }

        Assert.Equal(3, count);
    }

    [Fact]
    public void Misuse_is_refused()
    {
        var writer = new NetlinkWriter(new ArrayBufferWriter<byte>());
        Assert.Throws<InvalidOperationException>(() => writer.WriteUInt8(1, 1));
        using (writer.BeginMessage(0x10, NetlinkMessageFlags.Request))
        {
            Assert.Throws<InvalidOperationException>(() => writer.BeginMessage(0x10, NetlinkMessageFlags.Request));
            Assert.Throws<ArgumentException>(() => writer.WriteString(1, "a\0b"));
            Assert.Throws<ArgumentOutOfRangeException>(() => writer.WriteBytes(1, new byte[70000]));
        }
    }
}
