namespace LvsOperator.Kubernetes.Client;

/// <summary>Delete only this incarnation (uid) or only this version (resourceVersion); otherwise HTTP 409.</summary>
public sealed record DeletePreconditions
{
    public string? Uid { get; init; }
    public string? ResourceVersion { get; init; }
}
