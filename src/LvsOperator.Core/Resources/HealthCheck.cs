namespace LvsOperator.Core.Resources;

/// <summary>
/// How the director agent checks a service's real servers (keepalived's <c>real_server</c> checkers) and what a
/// failure does. A RealServer may override the probe part with <see cref="HealthCheckOverride"/>.
/// </summary>
public sealed record HealthCheck
{
    public const string DefaultInterval = "5s";
    public const string DefaultTimeout = "2s";
    public const int DefaultRise = 2;
    public const int DefaultFall = 3;

    /// <summary>Envoy's default panic threshold.</summary>
    public const int DefaultPanicThreshold = 50;

    public HealthCheckType Type { get; init; } = HealthCheckType.Tcp;

    /// <summary>Absent means the real server's own port.</summary>
    public int? Port { get; init; }

    /// <summary>Go duration (<c>5s</c>, <c>500ms</c>, <c>1m30s</c>) between the starts of two checks.</summary>
    public string Interval { get; init; } = DefaultInterval;

    /// <summary>Go duration one check may take; must be shorter than <see cref="Interval"/>.</summary>
    public string Timeout { get; init; } = DefaultTimeout;

    /// <summary>Consecutive successes that bring a server up.</summary>
    public int Rise { get; init; } = DefaultRise;

    /// <summary>Consecutive failures that take a server down.</summary>
    public int Fall { get; init; } = DefaultFall;

    /// <summary>State before the first verdict (keepalived's <c>alpha</c> is <see cref="HealthCheckInitialState.Down"/>).</summary>
    public HealthCheckInitialState InitialState { get; init; } = HealthCheckInitialState.Up;

    public HealthCheckHttp? Http { get; init; }
    public HealthCheckTls? Tls { get; init; }
    public HealthCheckDns? Dns { get; init; }

    public HealthCheckFailureAction OnFailure { get; init; } = HealthCheckFailureAction.Inhibit;

    /// <summary>Served only while no real server is healthy (keepalived's <c>sorry_server</c>).</summary>
    public HealthCheckSorryServer? SorryServer { get; init; }

    /// <summary>Below this healthy weight the service counts as down (keepalived's <c>quorum</c>).</summary>
    public HealthCheckQuorum? Quorum { get; init; }

    /// <summary>
    /// Percent of the service's weight that must be healthy for health to apply (Envoy's panic threshold); below
    /// it every real server keeps its weight, since a director whose checks all fail at once is more likely
    /// stalled than its servers dead. 0 turns it off; the sorry server, while it serves, takes precedence.
    /// </summary>
    public int PanicThreshold { get; init; } = DefaultPanicThreshold;
}
