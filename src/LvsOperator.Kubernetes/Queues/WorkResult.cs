namespace LvsOperator.Kubernetes.Queues;

/// <summary>
/// What a work handler asks of the queue for its key (controller-runtime's Result): nothing more, a retry
/// with the key's growing backoff, or another look after a fixed delay (timed work, not a failure).
/// Terminal errors are <see cref="Done"/>: retrying cannot fix them; the handler reports them as conditions.
/// </summary>
public readonly record struct WorkResult
{
    private WorkResult(bool retry, TimeSpan? requeueAfter)
    {
        Retry = retry;
        RequeueAfter = requeueAfter;
    }

    public bool Retry { get; }
    public TimeSpan? RequeueAfter { get; }

    public static WorkResult Done => default;

    /// <summary>A retryable failure: requeue with the key's exponential backoff.</summary>
    public static WorkResult Failed => new(true, null);

    /// <summary>Success, but look again after <paramref name="delay"/>; resets the key's backoff.</summary>
    public static WorkResult After(TimeSpan delay) => new(false, delay);
}
