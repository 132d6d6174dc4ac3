using System.Collections.Immutable;
using LvsOperator.Core.Kernel;

namespace LvsOperator.Health;

/// <summary>An immutable <see cref="IHealthView"/>: one reconcile reads one consistent picture.</summary>
public sealed class HealthSnapshot(
    ImmutableDictionary<HealthTargetKey, HealthState> targets,
    ImmutableDictionary<ServiceKey, bool> quorums,
    ImmutableHashSet<ServiceKey>? panics = null) : IHealthView
{
    public static HealthSnapshot Empty { get; } = new(ImmutableDictionary<HealthTargetKey, HealthState>.Empty, ImmutableDictionary<ServiceKey, bool>.Empty);

    public IReadOnlyDictionary<HealthTargetKey, HealthState> Targets => targets;

    /// <summary>The checked services.</summary>
    public IEnumerable<ServiceKey> Services => quorums.Keys;

    public bool InPanic(ServiceKey service) => panics?.Contains(service) == true;

    public HealthState? StateOf(HealthTargetKey target) => targets.TryGetValue(target, out var state) ? state : null;

    public bool HasQuorum(ServiceKey service) => !quorums.TryGetValue(service, out var up) || up;
}
