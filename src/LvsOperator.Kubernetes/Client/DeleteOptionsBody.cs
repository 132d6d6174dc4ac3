namespace LvsOperator.Kubernetes.Client;

/// <summary>The metav1.DeleteOptions body a delete with preconditions sends.</summary>
internal sealed record DeleteOptionsBody
{
    public string Kind { get; init; } = "DeleteOptions";
    public string ApiVersion { get; init; } = "v1";
    public DeletePreconditions? Preconditions { get; init; }
}
