namespace LvsOperator.Health.Checks;

/// <summary>
/// Runs one check of one target. The scheduler bounds it with the probe's timeout through the token and counts
/// any exception as a failure.
/// </summary>
public interface IHealthChecker
{
    ValueTask<HealthCheckResult> CheckAsync(HealthTarget target, CancellationToken cancellationToken);
}
