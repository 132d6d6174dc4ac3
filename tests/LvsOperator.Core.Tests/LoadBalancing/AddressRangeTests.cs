using System.Net.Sockets;
using System.Numerics;
using LvsOperator.Core.LoadBalancing;

namespace LvsOperator.Core.Tests.LoadBalancing;

public sealed class AddressRangeTests
{
    // Accepted and refused as kube-apiserver v1.36's CEL rule (isCIDR, isIP, split) did for the same strings,
    // except the reversed range, which CEL cannot see and the controller refuses.
    [Theory]
    [InlineData("192.0.2.0/24", "192.0.2.0-192.0.2.255")]
    [InlineData("192.0.2.1/24", "192.0.2.0-192.0.2.255")]
    [InlineData("192.0.2.7/32", "192.0.2.7-192.0.2.7")]
    [InlineData("192.0.2.10-192.0.2.20", "192.0.2.10-192.0.2.20")]
    [InlineData("2001:db8::1-2001:db8::ff", "2001:db8::1-2001:db8::ff")]
    [InlineData("2001:db8::/64", "2001:db8::-2001:db8::ffff:ffff:ffff:ffff")]
    [InlineData("0.0.0.0/0", "0.0.0.0-255.255.255.255")]
    public void Parses(string text, string expected)
    {
        Assert.True(AddressRange.TryParse(text, out var range));
        Assert.Equal(expected, range.ToString());
    }

    [Theory]
    [InlineData("192.0.2.10 - 192.0.2.20")]
    [InlineData("192.0.2.20-192.0.2.10")]
    [InlineData("192.0.2.1-2001:db8::1")]
    [InlineData("192.0.2.1")]
    [InlineData("::ffff:192.0.2.0/120")]
    [InlineData("192.0.2.0/024")]
    [InlineData("192.0.2.0/33")]
    [InlineData("2001:db8::/129")]
    [InlineData("010.0.2.0/24")]
    [InlineData("1-2-3")]
    [InlineData("fe80::1%eth0/64")]
    [InlineData("")]
    public void Refuses(string text) => Assert.False(AddressRange.TryParse(text, out _));

    [Fact]
    public void Counts_without_enumerating()
    {
        Assert.True(AddressRange.TryParse("2001:db8::/64", out var v6));
        Assert.Equal(BigInteger.Pow(2, 64), v6.Count);
        Assert.True(AddressRange.TryParse("::/0", out var all));
        Assert.Equal(BigInteger.Pow(2, 128), all.Count);
        Assert.Equal(AddressFamily.InterNetworkV6, all.Family);
    }
}
