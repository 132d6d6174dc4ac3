using System.Net;
using System.Net.Sockets;
using LvsOperator.Core.Resources;

namespace LvsOperator.Health;

/// <summary>
/// A real server's check with everything resolved: the service's settings, the server's override on top, the
/// destination's port where none is named, durations parsed.
/// </summary>
public sealed record HealthProbe(
    HealthCheckType Type,
    ushort Port,
    TimeSpan Interval,
    TimeSpan Timeout,
    int Rise,
    int Fall,
    HealthState InitialState,
    HealthCheckHttp? Http = null,
    HealthCheckTls? Tls = null,
    HealthCheckDns? Dns = null)
{
    /// <summary>
    /// Merges a real server's override over the service's check. A merge may pair one side's timeout with the
    /// other's interval; the timeout is then cut to the interval, so a check still ends before the next is due.
    /// </summary>
    public static HealthProbe Resolve(HealthCheck service, HealthCheckOverride? server, ushort destinationPort)
    {
        var interval = Duration(server?.Interval ?? service.Interval, HealthCheck.DefaultInterval);
        var timeout = Duration(server?.Timeout ?? service.Timeout, HealthCheck.DefaultTimeout);
        return new HealthProbe(
            server?.Type ?? service.Type,
            (ushort)(server?.Port ?? service.Port ?? destinationPort),
            interval,
            timeout < interval ? timeout : interval,
            server?.Rise ?? service.Rise,
            server?.Fall ?? service.Fall,
            (server?.InitialState ?? service.InitialState) == HealthCheckInitialState.Down ? HealthState.Down : HealthState.Up,
            server?.Http ?? service.Http,
            server?.Tls ?? service.Tls,
            server?.Dns ?? service.Dns);
    }

    /// <summary>
    /// Whether a target checked with <paramref name="other"/> can keep running as it is; unlike record equality,
    /// compares the expected statuses by content, since every configuration brings new lists.
    /// </summary>
    public bool SameAs(HealthProbe other) =>
        this with { Http = null } == other with { Http = null }
        && (Http is null || other.Http is null
            ? Http == other.Http
            : Http with { ExpectedStatuses = null } == other.Http with { ExpectedStatuses = null }
              && (Http.ExpectedStatuses ?? []).SequenceEqual(other.Http.ExpectedStatuses ?? []));

    /// <summary>The Host header and the name TLS verifies when none is configured: the address, bracketed for IPv6.</summary>
    public static string AddressHost(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();

    private static TimeSpan Duration(string text, string fallback) =>
        HealthCheckDuration.TryParse(text, out var value) ? value : HealthCheckDuration.TryParse(fallback, out var d) ? d : TimeSpan.Zero;
}
