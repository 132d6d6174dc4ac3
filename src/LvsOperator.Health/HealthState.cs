namespace LvsOperator.Health;

/// <summary>What the checks last concluded about a real server.</summary>
public enum HealthState
{
    Up,
    Down,
}
