namespace LvsOperator.Hosting;

/// <summary>What /readyz reports: whether the host's reconcile loop has succeeded, and recently.</summary>
public sealed class ReconcileHealth(TimeProvider time)
{
    private long _lastSuccessTicks;
    private volatile string? _lastError = "not reconciled yet";

    public void Succeeded()
    {
        Interlocked.Exchange(ref _lastSuccessTicks, time.GetUtcNow().UtcTicks);
        _lastError = null;
    }

    public void Failed(string reason) => _lastError = reason;

    /// <summary>Ready once a cycle has succeeded, and while cycles keep succeeding.</summary>
    public (bool Ready, string Reason) Readiness(TimeSpan maxAge)
    {
        var last = Interlocked.Read(ref _lastSuccessTicks);
        if (_lastError is { } error) return (false, error);
        var age = time.GetUtcNow() - new DateTimeOffset(last, TimeSpan.Zero);
        return age <= maxAge ? (true, "ok") : (false, $"no successful reconcile for {age.TotalSeconds:F0} s");
    }
}
