using System.Net;
using LvsOperator.Node.Bgp;

namespace LvsOperator.Node.Tests.Bgp;

public sealed class FrrSummaryTests
{
    [Fact]
    public void A_captured_summary_gives_each_sessions_state_since_and_prefixes_per_family()
    {
        var states = FrrSummary.Parse(FrrCaptures.BgpSummary);

        Assert.Equal(
            [
                new BgpPeerState(IPAddress.Parse("198.18.1.2"), "ipv4Unicast", "Established", DateTimeOffset.FromUnixTimeSeconds(1796609585), 2, 0),
                new BgpPeerState(IPAddress.Parse("2001:db8::1"), "ipv6Unicast", "Active", null, 0, 0),
            ],
            states);
        Assert.True(states[0].Established);
        Assert.False(states[1].Established);
    }

    [Fact]
    public void No_bgp_instance_is_no_sessions()
    {
        Assert.Empty(FrrSummary.Parse("{}"));
    }

    [Theory]
    [InlineData("% BGP instance not found")]
    [InlineData("{\"ipv4Unicast\":{\"peers\":{\"not-an-address\":{\"state\":\"Idle\"}}}}")]
    [InlineData("{\"ipv4Unicast\":{\"peers\":{\"192.0.2.1\":{}}}}")]
    public void Anything_else_is_a_format_error_not_an_empty_answer(string text)
    {
        Assert.Throws<FormatException>(() => FrrSummary.Parse(text));
    }
}
