using LvsOperator.Core.Resources;

namespace LvsOperator.Health.Checks;

/// <summary>The real checkers, chosen by each target's check type.</summary>
public sealed class HealthCheckers : IHealthChecker
{
    private readonly TcpConnectCheck _tcp = new();
    private readonly HttpCheck _http = new();
    private readonly UdpDnsCheck _dns = new();

    public ValueTask<HealthCheckResult> CheckAsync(HealthTarget target, CancellationToken cancellationToken) => target.Probe.Type switch
    {
        HealthCheckType.Tcp => _tcp.CheckAsync(target, cancellationToken),
        HealthCheckType.Http or HealthCheckType.Https => _http.CheckAsync(target, cancellationToken),
        HealthCheckType.Dns => _dns.CheckAsync(target, cancellationToken),
        _ => ValueTask.FromResult(HealthCheckResult.Success),
    };
}
