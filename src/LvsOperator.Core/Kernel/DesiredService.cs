using System.Collections.Immutable;

namespace LvsOperator.Core.Kernel;

/// <summary>A service and the destinations it must hold.</summary>
public sealed record DesiredService(IpvsService Service, ImmutableSortedDictionary<DestinationKey, IpvsDestination> Destinations);
