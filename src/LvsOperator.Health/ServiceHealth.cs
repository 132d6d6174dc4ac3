namespace LvsOperator.Health;

/// <summary>
/// A service's quorum with hysteresis (keepalived's <c>update_quorum_state</c>): once up it is lost only when the
/// healthy weight is 0 or below <c>minimum - hysteresis</c>; once lost it comes back only at
/// <c>minimum + hysteresis</c>, so a server flapping at the edge does not churn the table. Beside it, whether the
/// service is in panic mode (<see cref="HealthPanic"/>), which has no hysteresis, as in Envoy.
/// </summary>
public sealed class ServiceHealth(
    int minimumHealthyWeight, int hysteresis, int initialHealthyWeight, int panicThreshold = 0, int initialTotalWeight = 0)
{
    public bool HasQuorum { get; private set; } = initialHealthyWeight > 0 && initialHealthyWeight >= minimumHealthyWeight;

    public bool InPanic { get; private set; } = HealthPanic.Applies(initialHealthyWeight, initialTotalWeight, panicThreshold);

    /// <summary>Takes the current healthy and total weights; true when it changed <see cref="InPanic"/>.</summary>
    public bool UpdatePanic(int healthyWeight, int totalWeight)
    {
        var next = HealthPanic.Applies(healthyWeight, totalWeight, panicThreshold);
        if (next == InPanic) return false;
        InPanic = next;
        return true;
    }

    /// <summary>Takes the current healthy weight; true when it changed <see cref="HasQuorum"/>.</summary>
    public bool Update(int healthyWeight)
    {
        var next = healthyWeight > 0 && (HasQuorum
            ? healthyWeight >= minimumHealthyWeight - hysteresis
            : healthyWeight >= minimumHealthyWeight + hysteresis);
        if (next == HasQuorum) return false;
        HasQuorum = next;
        return true;
    }
}
