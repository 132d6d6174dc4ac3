namespace LvsOperator.Kubernetes.Models;

public sealed record NodeStatus
{
    public IReadOnlyList<NodeAddress>? Addresses { get; init; }
}
