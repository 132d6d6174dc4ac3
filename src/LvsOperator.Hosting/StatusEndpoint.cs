using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace LvsOperator.Hosting;

/// <summary>
/// The socket address the status endpoint binds, read from the option without any name resolution (issue 15:
/// <c>HttpListener</c> with <c>http://+:PORT/</c> resolved the machine's own name first, so on a node whose DNS
/// did not answer /healthz came up 5-7 s late). Accepted, with or without <c>http://</c> and a trailing <c>/</c>:
/// <c>+:PORT</c> and <c>*:PORT</c> (every address, IPv6 and IPv4), <c>localhost:PORT</c> (127.0.0.1),
/// <c>IPv4:PORT</c> and <c>[IPv6]:PORT</c>. A host name is refused: binding it would need DNS. Port 0 lets the
/// kernel pick one (tests).
/// </summary>
internal sealed record StatusEndpoint(IPAddress Address, int Port, bool AnyAddress)
{
    private const string Scheme = "http://";

    public IPEndPoint EndPoint => new(Address, Port);

    public static bool TryParse(string? value, [NotNullWhen(true)] out StatusEndpoint? endpoint, out string error)
    {
        endpoint = null;
        var text = (value ?? "").Trim();
        if (text.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)) text = text[Scheme.Length..];
        else if (text.Contains("://", StringComparison.Ordinal))
        {
            error = $"'{value}': only http:// is served";
            return false;
        }

        if (text.EndsWith('/')) text = text[..^1];
        if (text.Contains('/', StringComparison.Ordinal))
        {
            error = $"'{value}': the endpoint serves /metrics, /healthz and /readyz at the root; give no path";
            return false;
        }

        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || port > 65535)
        {
            error = $"'{value}': expected HOST:PORT with a port up to 65535 (0: the kernel picks one), e.g. http://+:9473/";
            return false;
        }

        var host = text[..colon];
        endpoint = host switch
        {
            "+" or "*" => new StatusEndpoint(IPAddress.IPv6Any, port, AnyAddress: true),
            _ when host.Equals("localhost", StringComparison.OrdinalIgnoreCase) =>
                new StatusEndpoint(IPAddress.Loopback, port, AnyAddress: false),
            _ => Literal(host) is { } address ? new StatusEndpoint(address, port, AnyAddress: false) : null,
        };
        error = endpoint is null
            ? $"'{value}': '{host}' is not +, *, localhost or an IP address (a host name would need DNS)"
            : "";
        return endpoint is not null;
    }

    /// <summary>An IPv4 address, or an IPv6 one in brackets; never a name (no resolver call).</summary>
    private static IPAddress? Literal(string host)
    {
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            return IPAddress.TryParse(host.AsSpan(1, host.Length - 2), out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6
                ? v6 : null;
        }

        // IPAddress.TryParse takes "1" or "0x7f.1" as IPv4; demand the dotted quad.
        return host.Count(c => c == '.') == 3 && IPAddress.TryParse(host, out var v4)
            && v4.AddressFamily == AddressFamily.InterNetwork ? v4 : null;
    }

    public override string ToString() => AnyAddress ? $"*:{Port}" : EndPoint.ToString();
}
