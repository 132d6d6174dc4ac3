using LvsOperator.Core.Kernel;
using LvsOperator.Core.Resources;

namespace LvsOperator.Health;

/// <summary>
/// Health applied to one service's desired destinations, a pure function so the planner only sees a change (and
/// the kernel only gets one) when a state flips. A down server is inhibited (weight 0, its connections drain) or
/// removed (the planner drains it, then deletes it); the sorry server is there only while the quorum is lost,
/// and then alone. In panic mode every server keeps its desired weight, unless the sorry server serves: it is the
/// operator's own answer to too few healthy servers, and panic mode the answer where none is configured.
/// </summary>
public static class HealthOverlay
{
    public static DesiredService Apply(DesiredService desired, HealthPolicy policy, IHealthView health)
    {
        var serviceKey = desired.Service.Key;
        var sorryServes = policy.SorryServer is not null && !health.HasQuorum(serviceKey);
        if (!sorryServes && health.InPanic(serviceKey)) return desired;
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
