using System.Collections.Immutable;
using LvsOperator.Core.Resources;

namespace LvsOperator.Core.Kernel;

/// <summary>
/// A service and the destinations it must hold, with how the director checks them: the VirtualService's
/// check and the RealServers' overrides of it. The planner ignores the checks; the agent's health checks
/// turn them into weights before planning.
/// </summary>
public sealed record DesiredService(
    IpvsService Service,
    ImmutableSortedDictionary<DestinationKey, IpvsDestination> Destinations,
    HealthCheck? HealthCheck = null,
    ImmutableSortedDictionary<DestinationKey, HealthCheckOverride>? HealthOverrides = null);
