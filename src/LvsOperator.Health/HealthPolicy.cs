using LvsOperator.Core.Kernel;
using LvsOperator.Core.Resources;
using LvsOperator.Core.Validation;

namespace LvsOperator.Health;

/// <summary>
/// What health does to one service's table: a failed server inhibited or removed; below the quorum, the sorry
/// server alone (keepalived's <c>update_quorum_state</c>: quorum lost with a sorry server pulls the remaining
/// live servers too).
/// </summary>
/// <param name="MinimumHealthyWeight">1 without a configured quorum: the service is down when no weight is healthy.</param>
/// <param name="PanicThreshold">Percent of the weight healthy below which health is ignored (<see cref="HealthPanic"/>);
/// 0, off, unless the check says otherwise (<see cref="HealthCheck.PanicThreshold"/>).</param>
public sealed record HealthPolicy(
    HealthCheckFailureAction OnFailure = HealthCheckFailureAction.Inhibit,
    IpvsDestination? SorryServer = null,
    int MinimumHealthyWeight = 1,
    int Hysteresis = 0,
    int PanicThreshold = 0)
{
    /// <summary>
    /// The policy of a service's check. The sorry server takes the service's port unless it names one, and the
    /// service's forwarding method, at weight 1.
    /// </summary>
    public static HealthPolicy Resolve(HealthCheck check, ForwardingMethod method, ushort servicePort)
    {
        IpvsDestination? sorry = null;
        if (check.SorryServer is { } s && IpAddresses.TryParse(s.Address, out var address))
            sorry = new IpvsDestination(new DestinationKey(address, (ushort)(s.Port ?? servicePort)), method, Weight: 1);
        return new HealthPolicy(
            check.OnFailure, sorry, check.Quorum?.MinimumHealthyWeight ?? 1, check.Quorum?.Hysteresis ?? 0, check.PanicThreshold);
    }
}
