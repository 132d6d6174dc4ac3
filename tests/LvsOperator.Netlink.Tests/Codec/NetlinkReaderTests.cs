using System.Net;
using System.Net.Sockets;
using LvsOperator.Netlink.Codec;
using LvsOperator.Netlink.Tests.Support;

namespace LvsOperator.Netlink.Tests.Codec;

public class NetlinkReaderTests
{
    private static T Single<T>(byte[] attribute, Func<NetlinkAttribute, T> read)
    {
        var enumerator = new NetlinkAttributeEnumerator(attribute);
        Assert.True(enumerator.MoveNext());
        T value = read(enumerator.Current);
        Assert.False(enumerator.MoveNext());
        return value;
    }

    [Fact]
    public void Typed_getters_read_their_exact_size()
    {
        Assert.Equal(0xAB, Single(Hex.Bytes("05 00 01 00", "ab 00 00 00"), a => a.GetUInt8()));
        Assert.Equal(0x1234, Single(Hex.Bytes("06 00 01 00", "34 12 00 00"), a => a.GetUInt16()));
        Assert.Equal(80, Single(Hex.Bytes("06 00 01 00", "00 50 00 00"), a => a.GetBigEndianUInt16()));
        Assert.Equal(0xDEADBEEFu, Single(Hex.Bytes("08 00 01 00", "ef be ad de"), a => a.GetUInt32()));
        Assert.Equal(0x0102030405060708ul, Single(Hex.Bytes("0c 00 01 00", "08 07 06 05 04 03 02 01"), a => a.GetUInt64()));
        Assert.Equal("rr", Single(Hex.Bytes("07 00 01 00", "72 72 00 00"), a => a.GetString()));
    }

    [Theory]
    [InlineData("06 00 01 00 01 00 00 00", "u32 from 2 bytes")] // the moby/ipvs bug, inverted: a u32 weight read from a u16
    [InlineData("0a 00 01 00 01 00 00 00 02 00 00 00", "u32 from 6 bytes")]
    [InlineData("04 00 01 00", "u32 from nothing")]
    public void A_u32_of_the_wrong_size_is_a_protocol_error(string hex, string why)
    {
        Assert.NotNull(why);
        Assert.Throws<NetlinkProtocolException>(() => Single(Hex.Parse(hex), a => a.GetUInt32()));
    }

    [Fact]
    public void A_u16_is_not_read_from_a_u32()
    {
        Assert.Throws<NetlinkProtocolException>(() => Single(Hex.Bytes("08 00 04 00", "01 00 00 00"), a => a.GetUInt16()));
        Assert.Throws<NetlinkProtocolException>(() => Single(Hex.Bytes("08 00 04 00", "01 00 00 00"), a => a.GetBigEndianUInt16()));
    }

    [Theory]
    [InlineData("06 00 01 00 72 72 00 00", "no terminator")]
    [InlineData("08 00 01 00 72 00 72 00", "bytes after the terminator")]
    [InlineData("04 00 01 00", "empty payload")]
    [InlineData("07 00 01 00 ff fe 00 00", "invalid UTF-8")]
    public void Malformed_strings_are_protocol_errors(string hex, string why)
    {
        Assert.NotNull(why);
        Assert.Throws<NetlinkProtocolException>(() => Single(Hex.Parse(hex), a => a.GetString()));
    }

    [Fact]
    public void Addresses_demand_their_sizes()
    {
        byte[] inet = Hex.Bytes("14 00 03 00", "0a 00 00 01 00 00 00 00 00 00 00 00 00 00 00 00");
        Assert.Equal(IPAddress.Parse("10.0.0.1"), Single(inet, a => a.GetInetAddress(AddressFamily.InterNetwork)));
        Assert.Equal(IPAddress.Parse("a00:1::"), Single(inet, a => a.GetInetAddress(AddressFamily.InterNetworkV6)));
        Assert.Throws<NetlinkProtocolException>(() => Single(Hex.Bytes("08 00 03 00", "0a 00 00 01"), a => a.GetInetAddress(AddressFamily.InterNetwork)));
        Assert.Equal(IPAddress.Parse("10.0.0.1"), Single(Hex.Bytes("08 00 03 00", "0a 00 00 01"), a => a.GetAddress()));
        Assert.Throws<NetlinkProtocolException>(() => Single(Hex.Bytes("09 00 03 00", "0a 00 00 01 02 00 00 00"), a => a.GetAddress()));
    }

    [Fact]
    public void Type_bits_are_masked()
    {
        Assert.Equal((ushort)1, Single(Hex.Bytes("04 00 01 80"), a => a.Type));
        Assert.True(Single(Hex.Bytes("04 00 01 80"), a => a.IsNestedFlagSet));
        Assert.Equal((ushort)2, Single(Hex.Bytes("04 00 02 40"), a => a.Type));
        Assert.True(Single(Hex.Bytes("04 00 02 40"), a => a.IsNetByteOrderFlagSet));
        Assert.False(Single(Hex.Bytes("04 00 02 40"), a => a.IsNestedFlagSet));
        Assert.Equal((ushort)0x3fff, Single(Hex.Bytes("04 00 ff ff"), a => a.Type));
    }

    [Theory]
    [InlineData("03 00 01 00", "length below the header")]
    [InlineData("09 00 01 00 01 02 03 04", "length past the end")]
    [InlineData("04 00 01 00 00 00", "two stray bytes")]
    [InlineData("05", "one stray byte")]
    public void Attribute_framing_errors_are_protocol_errors(string hex, string why)
    {
        Assert.NotNull(why);
        Assert.Throws<NetlinkProtocolException>(() =>
        {
            foreach (NetlinkAttribute attribute in new NetlinkAttributeEnumerator(Hex.Parse(hex)))
            {
                _ = attribute.Type;
            }
        });
    }

    [Fact]
    public void The_last_attribute_may_omit_its_padding()
    {
        int count = 0;
        foreach (NetlinkAttribute attribute in new NetlinkAttributeEnumerator(Hex.Bytes("05 00 01 00 07")))
        {
            Assert.Equal(7, attribute.GetUInt8());
            count++;
        }

        Assert.Equal(1, count);
    }

    [Theory]
    [InlineData("10 00 00 00 02 00", "header cut short")]
    [InlineData("0f 00 00 00 02 00 00 00 00 00 00 00 00 00 00 00", "nlmsg_len below the header")]
    [InlineData("20 00 00 00 02 00 00 00 00 00 00 00 00 00 00 00", "nlmsg_len past the datagram")]
    public void Message_framing_errors_are_protocol_errors(string hex, string why)
    {
        Assert.NotNull(why);
        Assert.Throws<NetlinkProtocolException>(() =>
        {
            foreach (NetlinkMessage message in new NetlinkMessageEnumerator(Hex.Parse(hex)))
            {
                _ = message.Header;
            }
        });
    }

    [Fact]
    public void Family_header_must_fit()
    {
        byte[] datagram = Hex.Bytes("14 00 00 00 10 00 00 00 00 00 00 00 00 00 00 00", "01 02 03 04");
        var messages = new NetlinkMessageEnumerator(datagram);
        Assert.True(messages.MoveNext());
        NetlinkMessage message = messages.Current;
        Assert.Equal(4, message.GetFamilyHeader(4).Length);
        bool threw = false;
        try
        {
            message.GetAttributes(8);
        }
        catch (NetlinkProtocolException)
        {
            threw = true;
        }

        Assert.True(threw);
    }
}
