namespace LvsOperator.Core.Resources;

/// <summary>Kubernetes <c>metav1.Condition</c>.</summary>
public sealed record Condition
{
    public string Type { get; init; } = "";
    public ConditionStatus Status { get; init; } = ConditionStatus.Unknown;
    public long? ObservedGeneration { get; init; }
    public DateTimeOffset LastTransitionTime { get; init; }
    public string Reason { get; init; } = "";
    public string Message { get; init; } = "";
}
