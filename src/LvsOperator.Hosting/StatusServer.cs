using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Prometheus;

namespace LvsOperator.Hosting;

/// <summary>
/// Serves <c>/metrics</c> (Prometheus text), <c>/healthz</c> (the process runs) and <c>/readyz</c> (reconciling
/// works) over HTTP/1.1 on a socket bound to the address the option names (<see cref="StatusEndpoint"/>), with
/// no name resolution on the way: readiness must not depend on DNS (issue 15). Each connection carries one
/// GET or HEAD and is closed; what a client can make it hold is bounded: <see cref="MaxConnections"/> at once,
/// a head of <see cref="StatusRequest.MaxHeadBytes"/>, <see cref="ConnectionTimeout"/> per connection.
/// </summary>
public sealed partial class StatusServer(
    IOptions<StatusServerOptions> options, ReconcileHealth health, ILogger<StatusServer> logger) : BackgroundService
{
    internal const int MaxConnections = 64;
    private const int MaxDrainBytes = 64 * 1024;
    private static readonly TimeSpan ConnectionTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(2);

    /// <summary>The bound address once listening (port 0 in the option becomes the one the kernel chose).</summary>
    internal IPEndPoint? LocalEndPoint { get; private set; }

    /// <summary>Serves until stopped; a failure here is logged and retried, never allowed to stop reconciling.</summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (string.IsNullOrEmpty(settings.Address)) return;
        // StatusServerOptionsValidator refused a bad address at start-up.
        if (!StatusEndpoint.TryParse(settings.Address, out var endpoint, out var error)) throw new StartupException(error);

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ServeAsync(endpoint, settings, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // E.g. the port still held by a process being replaced.
                LogServeFailed(e, settings.Address, RetryAfter.TotalSeconds);
                await Task.Delay(RetryAfter, stoppingToken);
            }
        }
    }

    private async Task ServeAsync(StatusEndpoint endpoint, StatusServerOptions settings, CancellationToken stoppingToken)
    {
        using var listener = Listen(endpoint);
        LocalEndPoint = (IPEndPoint)listener.LocalEndPoint!;
        LogListening(settings.Address, LocalEndPoint);
        using var slots = new SemaphoreSlim(MaxConnections);
        while (!stoppingToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            if (!slots.Wait(0, CancellationToken.None))
            {
                client.Dispose(); // as many scrapers as anyone needs are already being served
                continue;
            }

            _ = ServeConnectionAsync(client, slots, settings.ReadyWithin, stoppingToken);
        }
    }

    /// <summary>A listening socket bound to the endpoint; "every address" is dual-stack, or IPv4 where IPv6 is off.</summary>
    internal static Socket Listen(StatusEndpoint endpoint)
    {
        if (endpoint.AnyAddress && Socket.OSSupportsIPv6)
        {
            try
            {
                return Bind(new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp) { DualMode = true },
                    new IPEndPoint(IPAddress.IPv6Any, endpoint.Port));
            }
            catch (SocketException e)
                when (e.SocketErrorCode is SocketError.AddressFamilyNotSupported or SocketError.AddressNotAvailable)
            {
                // A node booted with ipv6.disable=1: IPv4 only.
            }
        }

        var address = endpoint.AnyAddress ? new IPEndPoint(IPAddress.Any, endpoint.Port) : endpoint.EndPoint;
        return Bind(new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp), address);
    }

    private static Socket Bind(Socket socket, IPEndPoint address)
    {
        try
        {
            // A restarted agent binds again while its predecessor's connections sit in TIME_WAIT.
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(address);
            socket.Listen(MaxConnections);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task ServeConnectionAsync(Socket client, SemaphoreSlim slots, TimeSpan readyWithin, CancellationToken stoppingToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timeout.CancelAfter(ConnectionTimeout);
            var (request, refusal) = await ReadRequestAsync(client, timeout.Token);
            if (request is null && refusal == 0) return; // the client closed before a whole head
            var response = request is null ? StatusResponse.Refusal(refusal) : await AnswerAsync(request, readyWithin, timeout.Token);
            await client.SendAsync(response.Serialize(withBody: request?.Method != "HEAD"), SocketFlags.None, timeout.Token);
            client.Shutdown(SocketShutdown.Send);
            await DrainAsync(client, timeout.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            LogResponseFailed(e.Message); // the scraper went away, or was too slow
        }
        finally
        {
            client.Dispose();
            slots.Release();
        }
    }

    /// <summary>The request line of a head of at most <see cref="StatusRequest.MaxHeadBytes"/>, or the refusal.</summary>
    private static async Task<(StatusRequest? Request, int Refusal)> ReadRequestAsync(
        Socket client, CancellationToken cancellationToken)
    {
        var buffer = new byte[StatusRequest.MaxHeadBytes];
        var received = 0;
        while (received < buffer.Length)
        {
            var count = await client.ReceiveAsync(buffer.AsMemory(received), SocketFlags.None, cancellationToken);
            if (count == 0) return (null, 0);
            received += count;
            var head = StatusRequest.HeadLength(buffer.AsSpan(0, received));
            if (head >= 0) return StatusRequest.Parse(buffer.AsSpan(0, head));
        }

        return (null, 431);
    }

    /// <summary>
    /// Reads what the client sent past the head until it closes (bounded by the connection's timeout and
    /// <see cref="MaxDrainBytes"/>): closing with unread input would reset the connection, and a client can lose
    /// the response it has not read yet, a 431 for instance (RFC 9112 section 9.6).
    /// </summary>
    private static async Task DrainAsync(Socket client, CancellationToken cancellationToken)
    {
        var buffer = new byte[1024];
        for (var drained = 0; drained < MaxDrainBytes;)
        {
            var count = await client.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
            if (count == 0) return;
            drained += count;
        }
    }

    private async Task<StatusResponse> AnswerAsync(StatusRequest request, TimeSpan readyWithin, CancellationToken cancellationToken)
    {
        if (request.Method is not ("GET" or "HEAD")) return StatusResponse.Refusal(405);
        switch (request.Path)
        {
            case "/metrics":
                using (var text = new MemoryStream())
                {
                    await Metrics.DefaultRegistry.CollectAndExportAsTextAsync(text, cancellationToken);
                    return new StatusResponse(200, "text/plain; version=0.0.4; charset=utf-8", text.ToArray());
                }

            case "/healthz":
                return StatusResponse.Text(200, "ok");
            case "/readyz":
                var (ready, reason) = health.Readiness(readyWithin);
                return StatusResponse.Text(ready ? 200 : 503, reason);
            default:
                return StatusResponse.Refusal(404);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving /metrics, /healthz and /readyz on {Address} ({EndPoint})")]
    private partial void LogListening(string address, IPEndPoint endPoint);

    [LoggerMessage(Level = LogLevel.Error, Message = "Status endpoint {Address} failed; retrying in {RetrySeconds} s")]
    private partial void LogServeFailed(Exception error, string address, double retrySeconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Status response failed: {Reason}")]
    private partial void LogResponseFailed(string reason);
}
