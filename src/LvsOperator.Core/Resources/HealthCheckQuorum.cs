namespace LvsOperator.Core.Resources;

/// <summary>
/// keepalived's <c>quorum</c> and <c>hysteresis</c>: the service is up while the healthy real servers' weights
/// sum to at least <see cref="MinimumHealthyWeight"/>; once lost it comes back only at
/// <c>MinimumHealthyWeight + Hysteresis</c>, and once up it is lost only below <c>MinimumHealthyWeight - Hysteresis</c>.
/// </summary>
public sealed record HealthCheckQuorum
{
    public int MinimumHealthyWeight { get; init; }
    public int Hysteresis { get; init; }
}
