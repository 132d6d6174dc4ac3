using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using LvsOperator.Core.Resources;

namespace LvsOperator.Health.Checks;

/// <summary>
/// An HTTP/1.0 GET over a fresh connection, with TLS for HTTPS (keepalived's <c>HTTP_GET</c> and <c>SSL_GET</c>
/// also speak 1.0): no connection is reused, so each check sees a new handshake, and 1.0 keeps chunked coding out
/// of the body the substring is looked for in. A raw socket rather than HttpClient, because SNI and certificate
/// checks differ per target and no pool may keep a connection alive between checks.
/// </summary>
public sealed class HttpCheck : IHealthChecker
{
    /// <summary>How much of a response is read; a body substring further on is not found.</summary>
    internal const int MaxResponseBytes = 64 * 1024;

    private static readonly IReadOnlyList<HealthCheckStatusRange> DefaultStatuses = [new(200, 399)];

    public async ValueTask<HealthCheckResult> CheckAsync(HealthTarget target, CancellationToken cancellationToken)
    {
        var http = target.Probe.Http ?? new HealthCheckHttp();
        var address = target.Key.Destination.Address;
        var host = http.Host ?? HealthProbe.AddressHost(address);
        using var socket = await TcpConnectCheck.ConnectAsync(target, cancellationToken).ConfigureAwait(false);
        await using var network = new NetworkStream(socket, ownsSocket: false);
        Stream stream = network;
        SslStream? tls = null;
        try
        {
            if (target.Probe.Type == HealthCheckType.Https)
            {
                tls = new SslStream(network, leaveInnerStreamOpen: true);
                await tls.AuthenticateAsClientAsync(TlsOptions(target.Probe.Tls, http.Host, address.ToString()), cancellationToken).ConfigureAwait(false);
                stream = tls;
            }

            var request = Encoding.ASCII.GetBytes($"GET {http.Path} HTTP/1.0\r\nHost: {host}\r\nUser-Agent: lvs-agent\r\nConnection: close\r\n\r\n");
            await stream.WriteAsync(request, cancellationToken).ConfigureAwait(false);
            var response = await ReadAsync(stream, http.BodyContains is null, cancellationToken).ConfigureAwait(false);
            return Judge(response, http);
        }
        finally
        {
            if (tls is not null) await tls.DisposeAsync().ConfigureAwait(false);
        }
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5359", Justification = "insecureSkipVerify is the user's explicit choice for self-signed back ends; without it the platform's checks stand.")]
    private static SslClientAuthenticationOptions TlsOptions(HealthCheckTls? tls, string? host, string address) => new()
    {
        // SslStream sends no SNI for an IP literal; the certificate is then checked against the address.
        TargetHost = tls?.ServerName ?? host ?? address,
        RemoteCertificateValidationCallback = tls?.InsecureSkipVerify == true ? static (_, _, _, _) => true : null,
    };

    /// <summary>Reads to the end of the response, or only past the status line when no body is inspected.</summary>
    private static async Task<byte[]> ReadAsync(Stream stream, bool statusLineOnly, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxResponseBytes];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0) break;
            length += read;
            if (statusLineOnly && buffer.AsSpan(0, length).IndexOf("\r\n"u8) >= 0) break;
        }

        return buffer[..length];
    }

    internal static HealthCheckResult Judge(ReadOnlySpan<byte> response, HealthCheckHttp http)
    {
        // "HTTP/1.x NNN ..." (RFC 9112 section 4).
        if (response.Length < 12 || !response.StartsWith("HTTP/1."u8) || response[8] != (byte)' ' || !IsStatusCode(response.Slice(9, 3)))
            return HealthCheckResult.Failed("not an HTTP response");
        var status = (response[9] - '0') * 100 + (response[10] - '0') * 10 + (response[11] - '0');

        var expected = http.ExpectedStatuses?.Select(Parse).OfType<HealthCheckStatusRange>().ToList() ?? DefaultStatuses;
        if (!expected.Any(r => r.Contains(status))) return HealthCheckResult.Failed($"status {status}");
        if (http.BodyContains is not { } needle) return HealthCheckResult.Success;

        var headerEnd = response.IndexOf("\r\n\r\n"u8);
        var body = headerEnd < 0 ? [] : response[(headerEnd + 4)..];
        return body.IndexOf(Encoding.UTF8.GetBytes(needle)) >= 0 ? HealthCheckResult.Success : HealthCheckResult.Failed("body lacks the expected text");
    }

    private static bool IsStatusCode(ReadOnlySpan<byte> digits) => digits.IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0;

    private static HealthCheckStatusRange? Parse(string text) => HealthCheckStatusRange.TryParse(text, out var range) ? range : null;
}
