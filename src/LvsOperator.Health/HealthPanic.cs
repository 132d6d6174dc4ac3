namespace LvsOperator.Health;

/// <summary>
/// Envoy's panic threshold, by weight: when the healthy share of a service's weight falls below the threshold,
/// the checks are more likely wrong than the servers (a director starved of CPU times out every check at once),
/// or the few servers left would be overrun anyway; the service then balances over all its servers at their
/// configured weights, as if none were checked. 0 turns it off.
/// </summary>
public static class HealthPanic
{
    /// <param name="healthyWeight">The weight of the servers that are up (unchecked ones count as up).</param>
    /// <param name="totalWeight">The weight of all the service's servers; with none, there is nothing to panic about.</param>
    /// <param name="thresholdPercent">0 to 100.</param>
    public static bool Applies(int healthyWeight, int totalWeight, int thresholdPercent) =>
        thresholdPercent > 0 && totalWeight > 0 && (long)healthyWeight * 100 < (long)thresholdPercent * totalWeight;
}
