using LvsOperator.Core.Kernel;
using LvsOperator.Core.Resources;

namespace LvsOperator.Health;

/// <summary>
/// Health applied to one service's desired destinations, a pure function so the planner only sees a change (and
/// the kernel only gets one) when a state flips. A down server is inhibited (weight 0, its connections drain) or
/// removed (the planner drains it, then deletes it); the sorry server is there only while the quorum is lost,
/// and then alone.
/// </summary>
public static class HealthOverlay
{
    public static DesiredService Apply(DesiredService desired, HealthPolicy policy, IHealthView health)
    {
        var serviceKey = desired.Service.Key;
        var sorryServes = policy.SorryServer is not null && !health.HasQuorum(serviceKey);
        var destinations = desired.Destinations.ToBuilder();
        foreach (var (key, destination) in desired.Destinations)
        {
            if (!sorryServes && health.StateOf(new HealthTargetKey(serviceKey, key)) != HealthState.Down) continue;
            if (policy.OnFailure == HealthCheckFailureAction.Remove) destinations.Remove(key);
            else destinations[key] = destination with { Weight = 0 };
        }

        if (sorryServes) destinations[policy.SorryServer!.Key] = policy.SorryServer;
        return desired with { Destinations = destinations.ToImmutable() };
    }
}
