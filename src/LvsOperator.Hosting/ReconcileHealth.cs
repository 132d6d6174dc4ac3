namespace LvsOperator.Hosting;

/// <summary>
/// What /readyz reports: whether the host's reconcile loop has succeeded, and recently; or, for a controller
/// replica that waits for the Lease, whether it stands by ready to take over.
/// </summary>
public sealed class ReconcileHealth(TimeProvider time)
{
    private long _lastSuccessTicks;
    private volatile string? _lastError = "not reconciled yet";
    private volatile bool _standby;

    public void Succeeded()
    {
        Interlocked.Exchange(ref _lastSuccessTicks, time.GetUtcNow().UtcTicks);
        _lastError = null;
    }

    public void Failed(string reason) => _lastError = reason;

    /// <summary>
    /// Not leading, with every cache synced: ready, since it can take over at once. A standby that waited for
    /// its first reconcile would never be Ready, and a 2-replica Deployment never Available (issue 12).
    /// </summary>
    public void Standby() => _standby = true;

    /// <summary>Leading (again): ready as its own reconciles say, from the last one it made.</summary>
    public void Leading() => _standby = false;

    /// <summary>Ready once a cycle has succeeded, and while cycles keep succeeding; a standby is ready.</summary>
    public (bool Ready, string Reason) Readiness(TimeSpan maxAge)
    {
        if (_standby) return (true, "standby, caches synced");
        var last = Interlocked.Read(ref _lastSuccessTicks);
        if (_lastError is { } error) return (false, error);
        var age = time.GetUtcNow() - new DateTimeOffset(last, TimeSpan.Zero);
        return age <= maxAge ? (true, "ok") : (false, $"no successful reconcile for {age.TotalSeconds:F0} s");
    }
}
