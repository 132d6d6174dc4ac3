namespace LvsOperator.Kubernetes.Informers;

/// <summary>What an <see cref="Informer{T}"/> lists and watches, and how it retries.</summary>
public sealed record InformerOptions
{
    /// <summary>One namespace, or null for all.</summary>
    public string? Namespace { get; init; }

    public string? LabelSelector { get; init; }

    /// <summary><c>spec.nodeName=node-1</c>: an agent caches only its own node's objects.</summary>
    public string? FieldSelector { get; init; }

    public int PageSize { get; init; } = 500;

    /// <summary>
    /// Each watch asks the server to end after between this and twice this long (client-go's spread), so
    /// watches are renewed and a silently dead connection is found.
    /// </summary>
    public TimeSpan WatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Hands every cached object to subscribers again this often, to retry what events alone would not; null: never.</summary>
    public TimeSpan? ResyncPeriod { get; init; }

    public BackoffOptions Backoff { get; init; } = new();
}
