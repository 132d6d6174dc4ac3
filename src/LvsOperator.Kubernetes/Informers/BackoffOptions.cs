namespace LvsOperator.Kubernetes.Informers;

/// <summary>
/// Exponential backoff with jitter for list and watch retries; the defaults are client-go reflector's
/// (800 ms doubling to 30 s, up to 100 % jitter so many informers do not retry in step).
/// </summary>
public sealed record BackoffOptions
{
    public TimeSpan Initial { get; init; } = TimeSpan.FromMilliseconds(800);
    public TimeSpan Max { get; init; } = TimeSpan.FromSeconds(30);
    public double Factor { get; init; } = 2.0;

    /// <summary>Each delay grows by a random share of itself up to this fraction.</summary>
    public double Jitter { get; init; } = 1.0;
}
