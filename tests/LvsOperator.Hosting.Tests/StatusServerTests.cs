using System.Diagnostics.Tracing;
using System.Net;
using System.Net.Sockets;
using System.Text;
using LvsOperator.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LvsOperator.Hosting.Tests;

/// <summary>The endpoint over a real socket, spoken to byte by byte as a scraper or a hostile client would.</summary>
public sealed class StatusServerTests : IAsyncLifetime, IDisposable
{
    private readonly ReconcileHealth _health = new(TimeProvider.System);
    private readonly NameResolutions _resolutions = new();
    private StatusServer _server = null!;
    private int _port;

    public async Task InitializeAsync()
    {
        // The default option's form: every address, the one HttpListener resolved the machine's name for.
        _server = new StatusServer(Options.Create(new StatusServerOptions { Address = "http://+:0/" }), _health,
            NullLogger<StatusServer>.Instance);
        await _server.StartAsync(CancellationToken.None);
        _port = (await Eventually.ValueAsync(() => _server.LocalEndPoint, "the status server listening")).Port;
    }

    public Task DisposeAsync() => _server.StopAsync(CancellationToken.None);

    public void Dispose()
    {
        _server.Dispose();
        _resolutions.Dispose();
    }

    [Fact]
    public async Task Answers_healthz_readyz_metrics_and_404_without_resolving_a_name()
    {
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", await GetAsync("/healthz"), StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\nok\n", await GetAsync("/healthz"), StringComparison.Ordinal);
        Assert.Contains("503 Service Unavailable", await GetAsync("/readyz"), StringComparison.Ordinal);
        _health.Succeeded();
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", await GetAsync("/readyz?verbose"), StringComparison.Ordinal);
        var metrics = await GetAsync("/metrics");
        Assert.Contains("Content-Type: text/plain; version=0.0.4; charset=utf-8\r\n", metrics, StringComparison.Ordinal);
        Assert.Contains("# TYPE ", metrics, StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 404 Not Found\r\n", await GetAsync("/"), StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 404 Not Found\r\n", await GetAsync("/healthz/"), StringComparison.Ordinal);
        Assert.Equal(0, _resolutions.Count);

        // The witness works: what HttpListener did at its start is seen.
        await Dns.GetHostAddressesAsync(Dns.GetHostName());
        Assert.NotEqual(0, _resolutions.Count);
    }

    [Fact]
    public async Task Head_has_the_length_and_no_body_and_other_methods_are_refused()
    {
        var head = await ExchangeAsync("HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", head, StringComparison.Ordinal);
        Assert.Contains("Content-Length: 3\r\n", head, StringComparison.Ordinal);
        Assert.EndsWith("Connection: close\r\n\r\n", head, StringComparison.Ordinal);
        var post = await ExchangeAsync("POST /readyz HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello");
        Assert.StartsWith("HTTP/1.1 405 Method Not Allowed\r\n", post, StringComparison.Ordinal);
        Assert.Contains("Allow: GET, HEAD\r\n", post, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_head_past_the_bound_gets_431_and_garbage_gets_400()
    {
        var huge = "GET /healthz HTTP/1.1\r\nX: " + new string('a', StatusRequest.MaxHeadBytes) + "\r\n\r\n";
        Assert.StartsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n", await ExchangeAsync(huge), StringComparison.Ordinal);
        var tlsHello = await ExchangeAsync("\u0016\u0003\u0001\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 400 Bad Request\r\n", tlsHello, StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", await GetAsync("/healthz"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_head_sent_a_byte_at_a_time_is_read_whole()
    {
        using var socket = await ConnectAsync();
        foreach (var b in Encoding.ASCII.GetBytes("GET /healthz HTTP/1.1\r\n\r\n")) await socket.SendAsync(new[] { b });
        Assert.EndsWith("\r\n\r\nok\n", await ReadToEndAsync(socket), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Idle_clients_hold_at_most_the_connection_bound_and_service_returns_when_they_go()
    {
        var idle = new List<Socket>();
        for (var i = 0; i < StatusServer.MaxConnections; i++) idle.Add(await ConnectAsync());
        Assert.Equal("", await GetAsync("/healthz"));
        idle.ForEach(s => s.Dispose());
        await Eventually.ValueAsync(HealthyAsync, "/healthz answered once the idle clients left");
    }

    private async Task<string?> HealthyAsync() =>
        await GetAsync("/healthz") is var answer && answer.StartsWith("HTTP/1.1 200", StringComparison.Ordinal) ? answer : null;

    private Task<string> GetAsync(string path) => ExchangeAsync($"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");

    private async Task<string> ExchangeAsync(string request)
    {
        using var socket = await ConnectAsync();
        await socket.SendAsync(Encoding.Latin1.GetBytes(request));
        return await ReadToEndAsync(socket);
    }

    private async Task<Socket> ConnectAsync()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, _port));
        return socket;
    }

    private static async Task<string> ReadToEndAsync(Socket socket)
    {
        using var received = new MemoryStream();
        var buffer = new byte[8192];
        try
        {
            for (int count; (count = await socket.ReceiveAsync(buffer)) > 0;) received.Write(buffer, 0, count);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            // Closed unanswered.
        }

        return Encoding.UTF8.GetString(received.ToArray());
    }

    /// <summary>Counts the runtime's name resolutions (its <c>System.Net.NameResolution</c> event source).</summary>
    private sealed class NameResolutions : EventListener
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "System.Net.NameResolution") EnableEvents(eventSource, EventLevel.Informational);
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (eventData.EventName == "ResolutionStart") Interlocked.Increment(ref _count);
        }
    }
}
