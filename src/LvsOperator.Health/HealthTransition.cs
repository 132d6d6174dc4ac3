namespace LvsOperator.Health;

/// <summary>A target that changed state, and the last check's failure when it went down.</summary>
public sealed record HealthTransition(HealthTargetKey Target, HealthState State, string? Failure);
