namespace LvsOperator.Kubernetes.Models;

public sealed record NodeSpec
{
    /// <summary>Cordoned (<c>kubectl cordon</c>).</summary>
    public bool Unschedulable { get; init; }
}
