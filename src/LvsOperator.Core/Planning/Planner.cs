using LvsOperator.Core.Kernel;

namespace LvsOperator.Core.Planning;

/// <summary>
/// Diffs a node's desired state against what the kernel holds into the minimal ordered list of operations.
/// Pure: time comes in as a value, and nothing is read or written.
/// </summary>
/// <remarks>
/// Order on the way up is sysctls, links, services, destinations, then addresses, so a VIP attracts traffic
/// only once its service can take it; on the way down the reverse. Only entries in the ledger are ever
/// changed or removed. A removed destination is drained (weight 0) and deleted only once its connections
/// are gone or the grace period ends; a removed service is deleted once its last destination is, and
/// links and sysctls nothing needs any more are restored only after that.
/// </remarks>
public static class Planner
{
    public static Plan Plan(NodeDesiredState desired, ObservedState observed, OwnedState owned, DateTimeOffset now, DrainPolicy drain)
    {
        owned = owned.Prune(observed);
        var plan = new PlanBuilder();
        PlanSysctls(desired, observed, owned, plan);
        PlanLinks(desired, observed, owned, plan);
        GuePortPlanner.Plan(desired, observed, owned, plan);
        var draining = PlanServices(desired, observed, owned, now, drain, plan);
        SourceNatPlanner.Plan(desired, observed.SourceNat, owned, plan);
        PlanAddresses(desired, observed, owned, draining, plan);
        // A draining service still needs its link and sysctls (a NAT director forwards its replies).
        return plan.Build(teardown: draining.Count == 0);
    }

    /// <summary>
    /// The plan for a change that moved only services (issue 14): <paramref name="services"/> planned as <see cref="Plan"/>
    /// plans them, and nothing else, so one weight change among 10,000 services costs one service. When the kernel
    /// already holds everything else, this is the whole plan (a property test holds it to that); a caller that cannot
    /// tell must use <see cref="Plan"/>. <paramref name="observed"/> need hold only these services.
    /// </summary>
    public static Plan PlanServices(
        NodeDesiredState desired, ObservedState observed, OwnedState owned, DateTimeOffset now, DrainPolicy drain, IReadOnlySet<ServiceKey> services)
    {
        owned = owned.PruneServices(observed, services);
        var plan = new PlanBuilder();
        var keys = services.Order().ToList();
        var removed = keys.Where(k => owned.Services.Contains(k) && !desired.Services.ContainsKey(k));
        PlanServices(keys.Where(desired.Services.ContainsKey), removed, desired, observed, owned, now, drain, plan);
        return plan.Build(teardown: true);
    }

    private static void PlanSysctls(NodeDesiredState desired, ObservedState observed, OwnedState owned, PlanBuilder plan)
    {
        foreach (var (name, value) in desired.Sysctls)
        {
            var current = observed.Sysctls.GetValueOrDefault(name);
            if (current is null)
                plan.Conflict($"sysctl {name}", "not present on this node");
            else if (current != value)
                plan.Up(new SetSysctl(name, value, owned.SysctlOriginals.GetValueOrDefault(name, current)));
        }

        foreach (var (name, original) in owned.SysctlOriginals.OrderBy(s => s.Key, StringComparer.Ordinal))
            if (!desired.Sysctls.ContainsKey(name))
                plan.Last(new RestoreSysctl(name, original));
    }

    private static void PlanLinks(NodeDesiredState desired, ObservedState observed, OwnedState owned, PlanBuilder plan)
    {
        foreach (var (name, kind) in desired.Links)
        {
            var link = observed.Links.GetValueOrDefault(name);
            if (link is null) plan.Up(kind == LinkKind.Dummy ? new CreateLink(name) : new RequestLink(name));

            if (link is not { IsUp: true }) plan.Up(new SetLinkUp(name));
        }

        foreach (var name in owned.CreatedLinks.Order(StringComparer.Ordinal))
            if (!desired.Links.ContainsKey(name)) plan.Last(new DeleteLink(name));
        foreach (var name in owned.RaisedLinks.Except(owned.CreatedLinks).Order(StringComparer.Ordinal))
            if (!desired.Links.ContainsKey(name)) plan.Last(new SetLinkDown(name));
    }

    /// <returns>Services being removed that still hold destinations, whose VIPs must stay until they drain.</returns>
    private static HashSet<ServiceKey> PlanServices(
        NodeDesiredState desired, ObservedState observed, OwnedState owned, DateTimeOffset now, DrainPolicy drain, PlanBuilder plan) =>
        PlanServices(desired.Services.Keys, owned.Services.Where(k => !desired.Services.ContainsKey(k)).Order(), desired, observed, owned, now, drain, plan);

    /// <param name="keys">Desired services to plan, in key order.</param>
    /// <param name="removed">Owned services no longer desired, in key order.</param>
    private static HashSet<ServiceKey> PlanServices(
        IEnumerable<ServiceKey> keys, IEnumerable<ServiceKey> removed,
        NodeDesiredState desired, ObservedState observed, OwnedState owned, DateTimeOffset now, DrainPolicy drain, PlanBuilder plan)
    {
        foreach (var key in keys)
        {
            var service = desired.Services[key];
            var current = observed.Services.GetValueOrDefault(key);
            if (current is null)
            {
                plan.Up(new AddService(service.Service));
                foreach (var destination in service.Destinations.Values) plan.Up(new AddDestination(key, destination));
            }
            else if (!owned.Services.Contains(key))
            {
                plan.Conflict($"service {key}", "already exists in the kernel and was not created by LvsOperator; it is left alone");
            }
            else
            {
                if (!current.Service.SameSettings(service.Service)) plan.Up(new UpdateService(service.Service));
                PlanDestinations(key, service, current, owned, now, drain, plan);
            }
        }

        var stillDraining = new HashSet<ServiceKey>();
        foreach (var key in removed)
        {
            var current = observed.Services[key];
            var empty = new DesiredService(current.Service, System.Collections.Immutable.ImmutableSortedDictionary<DestinationKey, IpvsDestination>.Empty);
            var remaining = PlanDestinations(key, empty, current, owned, now, drain, plan);
            if (remaining == 0) plan.Down(new DeleteService(key));
            else stillDraining.Add(key);
        }

        return stillDraining;
    }

    /// <returns>How many destinations the service still holds once this plan is applied.</returns>
    private static int PlanDestinations(
        ServiceKey key, DesiredService desired, ObservedService current, OwnedState owned, DateTimeOffset now, DrainPolicy drain, PlanBuilder plan)
    {
        var remaining = 0;
        var outOfOrder = MhOrder.OutOfOrder(desired, current);
        foreach (var (destinationKey, destination) in desired.Destinations)
        {
            remaining++;
            var existing = current.Destinations.GetValueOrDefault(destinationKey);
            if (existing is null) plan.Up(new AddDestination(key, destination));
            else if (outOfOrder.Contains(destinationKey))
            {
                // What a move costs (ip_vs_ctl.c, ip_vs_core.c): the kernel keeps a deleted destination that still has
                // connections in its trash and the add takes the same one back (ip_vs_trash_get_dest), so they go on;
                // but directors set expire_nodest_conn, so a packet of one of them arriving between the two commands
                // (one netlink batch, microseconds apart), or the kernel's no-destination sweep running in between
                // (queued a jiffy after the delete), expires that connection. New connections see the table rebuilt.
                plan.Up(new DeleteDestination(key, destinationKey));
                plan.Up(new AddDestination(key, destination));
            }
            else if (!existing.Destination.SameSettings(destination) || owned.Draining.ContainsKey(new(key, destinationKey)))
                plan.Up(new UpdateDestination(key, destination));
        }

        foreach (var (destinationKey, existing) in current.Destinations.OrderBy(d => d.Key))
        {
            if (desired.Destinations.ContainsKey(destinationKey)) continue;
            if (owned.Draining.TryGetValue(new(key, destinationKey), out var since)
                && existing.Destination.Weight == 0
                && (!existing.HasConnections || now - since >= drain.GracePeriod))
            {
                plan.Down(new DeleteDestination(key, destinationKey));
                continue;
            }

            remaining++;
            if (existing.Destination.Weight != 0 || !owned.Draining.ContainsKey(new(key, destinationKey)))
                plan.Up(new DrainDestination(key, existing.Destination with { Weight = 0 }));
        }

        return remaining;
    }

    private static void PlanAddresses(
        NodeDesiredState desired, ObservedState observed, OwnedState owned, HashSet<ServiceKey> draining, PlanBuilder plan)
    {
        foreach (var address in desired.Addresses)
            if (!observed.Addresses.Contains(address)) plan.Up(new AddAddress(address));

        var heldByDraining = draining.OfType<VirtualAddressKey>().Select(k => k.Address).ToHashSet();
        foreach (var address in owned.Addresses.Order())
            if (!desired.Addresses.Contains(address) && !heldByDraining.Contains(address.Address))
                plan.First(new DeleteAddress(address));
    }
}
