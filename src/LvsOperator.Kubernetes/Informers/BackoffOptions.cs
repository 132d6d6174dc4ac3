namespace LvsOperator.Kubernetes.Informers;

/// <summary>
/// Exponential backoff with jitter for list and watch retries; the defaults are client-go reflector's
/// (800 ms doubling to 30 s, up to 100 % jitter so many informers do not retry in step), except that a server
/// that does not answer at all is tried again within <see cref="ConnectionMax"/> (plus jitter).
/// </summary>
public sealed record BackoffOptions
{
    public TimeSpan Initial { get; init; } = TimeSpan.FromMilliseconds(800);

    /// <summary>The cap after an answer that refused the request (a 403, a 500 without Retry-After, ...).</summary>
    public TimeSpan Max { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The cap when no answer came (connection refused or reset, a request timed out): an API server that
    /// restarts is back within seconds, and waiting 30 s more for it leaves the caches stale for nothing
    /// (issue 12: an agent took 48 s to list again). Each try is one cheap connection attempt.
    /// </summary>
    public TimeSpan ConnectionMax { get; init; } = TimeSpan.FromSeconds(2);
    public double Factor { get; init; } = 2.0;

    /// <summary>Each delay grows by a random share of itself up to this fraction.</summary>
    public double Jitter { get; init; } = 1.0;
}
