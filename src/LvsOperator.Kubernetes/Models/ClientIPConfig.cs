namespace LvsOperator.Kubernetes.Models;

/// <summary>core/v1 ClientIPConfig; absent timeoutSeconds means the API's default, 10800 (3 hours).</summary>
public sealed record ClientIPConfig
{
    public int? TimeoutSeconds { get; init; }
}
