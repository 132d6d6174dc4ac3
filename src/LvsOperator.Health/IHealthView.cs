using LvsOperator.Core.Kernel;

namespace LvsOperator.Health;

/// <summary>What the checks concluded, as the agent reads it when it turns desired destinations into weights.</summary>
public interface IHealthView
{
    /// <summary>The target's state; null for a target not checked (no check configured, or not yet scheduled).</summary>
    HealthState? StateOf(HealthTargetKey target);

    /// <summary>Whether the service holds its quorum; true for a service not checked.</summary>
    bool HasQuorum(ServiceKey service);

    /// <summary>Whether too little of the service's weight is healthy to trust the checks (<see cref="HealthPanic"/>).</summary>
    bool InPanic(ServiceKey service);
}
