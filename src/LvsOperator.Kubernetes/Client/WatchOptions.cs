namespace LvsOperator.Kubernetes.Client;

/// <summary>Query of a watch call.</summary>
public sealed record WatchOptions
{
    /// <summary>Events after this version; absent starts with synthetic ADDED events for the current state.</summary>
    public string? ResourceVersion { get; init; }

    public string? LabelSelector { get; init; }

    public string? FieldSelector { get; init; }

    /// <summary>The server ends the watch after this long; the caller then resumes from its last version.</summary>
    public TimeSpan? Timeout { get; init; }

    public bool AllowBookmarks { get; init; } = true;
}
