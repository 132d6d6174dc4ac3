namespace LvsOperator.Kubernetes.Queues;

/// <summary>Per-key retry backoff of a <see cref="WorkQueue{TKey}"/>: base × 2^failures, capped.</summary>
public sealed record WorkQueueOptions
{
    /// <summary>Names the queue in logs (<c>virtualservices</c>).</summary>
    public string Name { get; init; } = "workqueue";

    /// <summary>The first retry's delay; client-go's default controller rate limiter starts at 5 ms.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>client-go caps at 1000 s, so a permanently failing key is still retried every ~17 minutes.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(1000);
}
