using System.Collections.Immutable;

namespace LvsOperator.Core.Kernel;

/// <summary>A service as a kernel dump shows it, with its destinations.</summary>
public sealed record ObservedService(IpvsService Service, ImmutableDictionary<DestinationKey, ObservedDestination> Destinations)
{
    public ObservedService(IpvsService service) : this(service, ImmutableDictionary<DestinationKey, ObservedDestination>.Empty) { }

    /// <summary>
    /// The service's destination list (<c>svc-&gt;destinations</c>) in the order a dump walks it: the newest first, as
    /// ip_vs_ctl.c's <c>__ip_vs_update_dest</c> puts a new destination at the head (<c>list_add_rcu</c>). The mh
    /// scheduler builds its table in this order. Empty when the source does not know it; the planner then leaves the
    /// order alone.
    /// </summary>
    public ImmutableArray<DestinationKey> Order { get; init; } = [];
}
