namespace LvsOperator.Kubernetes.Client;

/// <summary>The part of metav1.StatusDetails that error handling reads.</summary>
internal sealed record KubeStatusDetails
{
    /// <summary>The server's suggestion, in seconds, of when to try again (a 429 or a watch cache not ready yet).</summary>
    public int? RetryAfterSeconds { get; init; }
}
