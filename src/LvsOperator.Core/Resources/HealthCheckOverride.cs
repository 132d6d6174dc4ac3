namespace LvsOperator.Core.Resources;

/// <summary>
/// A real server's own probe settings: each field present replaces the VirtualService's; what a failure does
/// (onFailure, sorry server, quorum) stays the service's decision.
/// </summary>
public sealed record HealthCheckOverride
{
    public HealthCheckType? Type { get; init; }
    public int? Port { get; init; }
    public string? Interval { get; init; }
    public string? Timeout { get; init; }
    public int? Rise { get; init; }
    public int? Fall { get; init; }
    public HealthCheckInitialState? InitialState { get; init; }
    public HealthCheckHttp? Http { get; init; }
    public HealthCheckTls? Tls { get; init; }
    public HealthCheckDns? Dns { get; init; }
}
