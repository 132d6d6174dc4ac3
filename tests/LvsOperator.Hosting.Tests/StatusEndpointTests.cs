using System.Net;
using LvsOperator.Hosting;

namespace LvsOperator.Hosting.Tests;

public sealed class StatusEndpointTests
{
    [Theory]
    [InlineData("http://+:9473/", "::", 9473, true)]
    [InlineData("http://*:9473/", "::", 9473, true)]
    [InlineData("*:9473", "::", 9473, true)]
    [InlineData("http://localhost:8080/", "127.0.0.1", 8080, false)]
    [InlineData("http://127.0.0.1:9473/", "127.0.0.1", 9473, false)]
    [InlineData("192.0.2.7:9473", "192.0.2.7", 9473, false)]
    [InlineData("http://[2001:db8::7]:9473/", "2001:db8::7", 9473, false)]
    [InlineData("[::1]:0", "::1", 0, false)]
    public void The_forms_the_option_takes_name_a_socket_address(string value, string address, int port, bool any)
    {
        Assert.True(StatusEndpoint.TryParse(value, out var endpoint, out var error), error);
        Assert.Equal(new StatusEndpoint(IPAddress.Parse(address), port, any), endpoint);
    }

    [Theory]
    [InlineData("http://node-1.example:9473/", "a host name would need DNS")]
    [InlineData("http://metrics:9473/", "a host name would need DNS")]
    [InlineData("http://1:9473/", "a host name would need DNS")]
    [InlineData("https://+:9473/", "only http://")]
    [InlineData("http://+:9473/status/", "give no path")]
    [InlineData("http://+/", "expected HOST:PORT")]
    [InlineData("http://+:65536/", "expected HOST:PORT")]
    [InlineData("http://+:-1/", "expected HOST:PORT")]
    [InlineData("9473", "expected HOST:PORT")]
    public void What_would_need_DNS_or_is_no_address_is_refused_with_the_reason(string value, string reason)
    {
        Assert.False(StatusEndpoint.TryParse(value, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_validator_names_the_option_and_lets_an_empty_one_turn_the_endpoint_off()
    {
        var validator = new StatusServerOptionsValidator();
        Assert.True(validator.Validate(null, new StatusServerOptions { Address = "" }).Succeeded);
        var refused = validator.Validate(null, new StatusServerOptions { Address = "http://node-1:9473/" });
        Assert.True(refused.Failed);
        Assert.Contains("--status-address", refused.FailureMessage, StringComparison.Ordinal);
    }
}
