namespace LvsOperator.Health.Checks;

/// <summary>One check's verdict; a failure says why, for the transition log.</summary>
public readonly record struct HealthCheckResult(bool Healthy, string? Failure = null)
{
    public static HealthCheckResult Success { get; } = new(true);

    public static HealthCheckResult Failed(string why) => new(false, why);
}
