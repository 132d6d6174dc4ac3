namespace LvsOperator.Kubernetes.Informers;

/// <summary>
/// Successive delays of <see cref="BackoffOptions"/>: the step grows by the factor up to the cap, and each
/// delay adds a random share (up to the jitter fraction) of its step. Not thread-safe: one per retry loop.
/// </summary>
public sealed class ExponentialBackoff
{
    private readonly BackoffOptions options;
    private readonly Func<double> random;
    private TimeSpan step;

    /// <param name="random">A value in [0, 1); <see cref="Random.Shared"/> when absent.</param>
    public ExponentialBackoff(BackoffOptions options, Func<double>? random = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Factor, 1.0);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Jitter);
        this.options = options;
        this.random = random ?? Random.Shared.NextDouble;
        step = options.Initial;
    }

    /// <param name="cap">Waits at most this step (plus jitter) this time, while the step itself keeps growing.</param>
    public TimeSpan Next(TimeSpan? cap = null)
    {
        var current = cap is { } c && c < step ? c : step;
        var grown = step * options.Factor;
        step = grown > options.Max ? options.Max : grown;
        return current + (current * (options.Jitter * random()));
    }

    /// <summary>After a success: the next failure waits the initial delay again.</summary>
    public void Reset() => step = options.Initial;
}
