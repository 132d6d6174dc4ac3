using LvsOperator.Core.Kernel;
using LvsOperator.Core.Resources;

namespace LvsOperator.Health;

/// <summary>One service's targets and policy, as the agent hands them to <see cref="HealthScheduler.Configure"/>.</summary>
public sealed record HealthCheckedService(ServiceKey Service, HealthPolicy Policy, IReadOnlyList<HealthTarget> Targets)
{
    /// <summary>
    /// The targets of a desired service under its VirtualService's check, each destination with its RealServer's
    /// override if it has one. Weights are the desired ones, before health: the quorum counts what could serve.
    /// </summary>
    public static HealthCheckedService From(
        DesiredService desired, HealthCheck check, IReadOnlyDictionary<DestinationKey, HealthCheckOverride>? overrides = null)
    {
        var key = desired.Service.Key;
        var servicePort = key is VirtualAddressKey address ? address.Port : (ushort)0;
        var method = desired.Destinations.Values.FirstOrDefault()?.Method ?? ForwardingMethod.DirectRouting;
        var targets = desired.Destinations.Values
            .Select(d => new HealthTarget(
                new HealthTargetKey(key, d.Key),
                d.Weight,
                HealthProbe.Resolve(check, overrides?.GetValueOrDefault(d.Key), d.Key.Port)))
            .ToList();
        return new HealthCheckedService(key, HealthPolicy.Resolve(check, method, servicePort), targets);
    }
}
