namespace LvsOperator.Health;

/// <summary>
/// A service's quorum with hysteresis (keepalived's <c>update_quorum_state</c>): once up it is lost only when the
/// healthy weight is 0 or below <c>minimum - hysteresis</c>; once lost it comes back only at
/// <c>minimum + hysteresis</c>, so a server flapping at the edge does not churn the table.
/// </summary>
public sealed class ServiceHealth(int minimumHealthyWeight, int hysteresis, int initialHealthyWeight)
{
    public bool HasQuorum { get; private set; } = initialHealthyWeight > 0 && initialHealthyWeight >= minimumHealthyWeight;

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
