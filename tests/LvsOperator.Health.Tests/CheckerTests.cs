using System.Net;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Resources;
using LvsOperator.Health.Checks;

namespace LvsOperator.Health.Tests;

/// <summary>Each checker against a real server on 127.0.0.1, and against the same port with nothing there.</summary>
public sealed class CheckerTests
{
    private static readonly ServiceKey Service = new VirtualAddressKey(Protocol.Tcp, IPAddress.Parse("192.0.2.1"), 80);
    private readonly HealthCheckers _checkers = new();

    [Fact]
    public async Task Tcp_succeeds_while_something_listens_and_fails_once_it_is_gone()
    {
        using var server = new TcpBackend();
        server.Start();
        var target = Target(HealthCheckType.Tcp, server.Port);

        Assert.True((await CheckAsync(target)).Healthy);
        server.Stop();
        Assert.False((await CheckAsync(target)).Healthy);
        server.Start();
        Assert.True((await CheckAsync(target)).Healthy);
    }

    [Fact]
    public async Task Http_sends_the_path_and_host_and_accepts_an_expected_status_with_the_expected_body()
    {
        using var server = new HttpBackend();
        server.Start();
        var http = new HealthCheckHttp { Path = "/healthz", Host = "web.example.org", BodyContains = "all ok" };

        var result = await CheckAsync(Target(HealthCheckType.Http, server.Port, http));

        Assert.True(result.Healthy, result.Failure);
        Assert.StartsWith("GET /healthz HTTP/1.0\r\n", server.LastRequest);
        Assert.Contains("\r\nHost: web.example.org\r\n", server.LastRequest);
        Assert.Contains("\r\nConnection: close\r\n", server.LastRequest);
    }

    [Theory]
    [InlineData("HTTP/1.1 503 Service Unavailable\r\n\r\ndown", null, null, false)]
    [InlineData("HTTP/1.1 503 Service Unavailable\r\n\r\ndown", "503", null, true)]
    [InlineData("HTTP/1.1 302 Found\r\nLocation: /\r\n\r\n", null, null, true)]
    [InlineData("HTTP/1.1 200 OK\r\n\r\nstarting", null, "ready", false)]
    [InlineData("HTTP/1.1 200 OK\r\n\r\nready", "200-204", "ready", true)]
    [InlineData("SSH-2.0-OpenSSH_9.6\r\n", null, null, false)]
    public async Task Http_judges_status_and_body(string response, string? expected, string? bodyContains, bool healthy)
    {
        using var server = new HttpBackend { Response = response };
        server.Start();
        var http = new HealthCheckHttp { ExpectedStatuses = expected is null ? null : [expected], BodyContains = bodyContains };

        Assert.Equal(healthy, (await CheckAsync(Target(HealthCheckType.Http, server.Port, http))).Healthy);
    }

    [Fact]
    public async Task Https_sends_the_server_name_and_takes_a_self_signed_certificate_only_when_told_to()
    {
        using var certificate = HttpBackend.SelfSigned("web.example.org");
        using var server = new HttpBackend(certificate);
        server.Start();

        var insecure = Target(HealthCheckType.Https, server.Port, tls: new HealthCheckTls { ServerName = "web.example.org", InsecureSkipVerify = true });
        var verified = Target(HealthCheckType.Https, server.Port, tls: new HealthCheckTls { ServerName = "web.example.org" });

        var result = await CheckAsync(insecure);
        Assert.True(result.Healthy, result.Failure);
        Assert.Equal("web.example.org", server.LastServerName);
        Assert.False((await CheckAsync(verified)).Healthy);
    }

    [Fact]
    public async Task Dns_asks_the_configured_name_and_skips_answers_to_other_queries()
    {
        using var server = new DnsBackend { StrayAnswers = 2 };
        server.Start();

        var result = await CheckAsync(Target(HealthCheckType.Dns, server.Port, dns: new HealthCheckDns { QueryName = "example.org." }));

        Assert.True(result.Healthy, result.Failure);
        Assert.Equal("example.org", server.LastQuestion);
    }

    [Fact]
    public async Task Dns_fails_on_an_error_code_and_when_nothing_answers()
    {
        using var server = new DnsBackend { ResponseCode = 2 };
        server.Start();
        var target = Target(HealthCheckType.Dns, server.Port, dns: new HealthCheckDns { QueryName = "example.org" });

        Assert.Equal("DNS response code 2", (await CheckAsync(target)).Failure);
        server.Stop();
        await Assert.ThrowsAnyAsync<Exception>(() => CheckAsync(target, TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public void A_dns_query_is_one_question_with_recursion_desired()
    {
        var query = DnsMessage.Query(0xBEEF, "a.example", (ushort)HealthCheckDnsType.Aaaa);

        Assert.Equal(
            [
                0xBE, 0xEF, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, // ID, RD, QDCOUNT 1
                1, (byte)'a', 7, (byte)'e', (byte)'x', (byte)'a', (byte)'m', (byte)'p', (byte)'l', (byte)'e', 0, // QNAME
                0, 28, 0, 1, // QTYPE AAAA, QCLASS IN
            ],
            query);
    }

    /// <summary>Runs one check bounded as the scheduler bounds it; a failure the checker throws is rethrown.</summary>
    private async Task<HealthCheckResult> CheckAsync(HealthTarget target, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        try
        {
            return await _checkers.CheckAsync(target, cts.Token);
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException or System.Security.Authentication.AuthenticationException && timeout is null)
        {
            return HealthCheckResult.Failed(e.Message);
        }
    }

    internal static HealthTarget Target(HealthCheckType type, int port, HealthCheckHttp? http = null, HealthCheckTls? tls = null, HealthCheckDns? dns = null) =>
        new(new HealthTargetKey(Service, new DestinationKey(IPAddress.Loopback, (ushort)port)), 1,
            new HealthProbe(type, (ushort)port, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(500), 1, 1, HealthState.Up, http, tls, dns));
}
