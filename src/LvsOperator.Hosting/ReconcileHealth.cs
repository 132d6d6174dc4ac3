namespace LvsOperator.Agent;

/// <summary>What /healthz and /readyz report: whether the loop runs, and whether its last cycle reached the kernel.</summary>
internal sealed class AgentHealth(TimeProvider time)
{
    private long _lastSuccessTicks;
    private volatile string? _lastError = "not reconciled yet";

    public void Succeeded()
    {
        Interlocked.Exchange(ref _lastSuccessTicks, time.GetUtcNow().UtcTicks);
        _lastError = null;
    }

    public void Failed(string reason) => _lastError = reason;

    /// <summary>Ready once a cycle has applied a valid desired state, and while cycles keep succeeding.</summary>
    public (bool Ready, string Reason) Readiness(TimeSpan maxAge)
    {
        var last = Interlocked.Read(ref _lastSuccessTicks);
        if (_lastError is { } error) return (false, error);
        var age = time.GetUtcNow() - new DateTimeOffset(last, TimeSpan.Zero);
        return age <= maxAge ? (true, "ok") : (false, $"no successful reconcile for {age.TotalSeconds:F0} s");
    }
}
