using System.Collections.Immutable;

namespace LvsOperator.Core.Kernel;

/// <summary>A service as a kernel dump shows it, with its destinations.</summary>
public sealed record ObservedService(IpvsService Service, ImmutableDictionary<DestinationKey, ObservedDestination> Destinations)
{
    public ObservedService(IpvsService service) : this(service, ImmutableDictionary<DestinationKey, ObservedDestination>.Empty) { }
}
