namespace LvsOperator.Health;

/// <summary>A real server to check: who, with what weight in its service (for the quorum), and how.</summary>
public sealed record HealthTarget(HealthTargetKey Key, int Weight, HealthProbe Probe);
