using LvsOperator.Health.Checks;

namespace LvsOperator.Health.Bench;

/// <summary>Counts checks and failures around the real checker.</summary>
internal sealed class CountingChecker(IHealthChecker inner) : IHealthChecker
{
    private long _checks;
    private long _failures;

    public long Checks => Interlocked.Read(ref _checks);

    public long Failures => Interlocked.Read(ref _failures);

    public async ValueTask<HealthCheckResult> CheckAsync(HealthTarget target, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _checks);
        try
        {
            var result = await inner.CheckAsync(target, cancellationToken);
            if (!result.Healthy) Interlocked.Increment(ref _failures);
            return result;
        }
        catch
        {
            Interlocked.Increment(ref _failures);
            throw;
        }
    }
}
