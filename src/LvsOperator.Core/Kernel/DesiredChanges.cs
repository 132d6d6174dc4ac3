using System.Collections.Immutable;
using System.Runtime.CompilerServices;

namespace LvsOperator.Core.Kernel;

/// <summary>
/// What moved between two desired states of one node (issue 14): whether anything but the IPVS services did, and which
/// services. Parts are compared by reference first; services a producer recorded (<see cref="Derived"/>, as
/// <c>NodeShares</c> does) come from the record, so one change among 10,000 services costs that change, not a walk.
/// </summary>
public static class DesiredChanges
{
    /// <summary>How far back a record is followed: a reconcile cycle is a few updates behind at most.</summary>
    private const int Steps = 64;

    // A memo of this pure comparison, keyed by the services map: it dies with the map, and keeps no earlier map alive.
    private static readonly ConditionalWeakTable<ImmutableSortedDictionary<ServiceKey, DesiredService>, Step> Derivations = new();

    /// <summary>Records that <paramref name="after"/> differs from <paramref name="before"/> in <paramref name="services"/> at most.</summary>
    public static void Derived(
        ImmutableSortedDictionary<ServiceKey, DesiredService> before, ImmutableSortedDictionary<ServiceKey, DesiredService> after,
        IReadOnlySet<ServiceKey> services)
    {
        if (!ReferenceEquals(before, after)) Derivations.AddOrUpdate(after, new Step(new(before), services));
    }

    /// <summary>Whether addresses, links, sysctls, failover groups, source NAT, GUE ports and BGP are all the same.</summary>
    public static bool SameBeyondServices(NodeDesiredState a, NodeDesiredState b) =>
        ReferenceEquals(a, b)
        || (Same(a.Addresses, b.Addresses) && Same(a.Links, b.Links, (x, y) => x == y) && Same(a.Sysctls, b.Sysctls, (x, y) => x == y)
            && Same(a.Failover, b.Failover, (x, y) => x.SameAs(y)) && Same(a.SourceNat, b.SourceNat) && Same(a.GuePorts, b.GuePorts)
            && a.Bgp.Equals(b.Bgp));

    /// <summary>
    /// Services added, removed or changed (settings or destinations): from the records that lead from
    /// <paramref name="before"/> to <paramref name="now"/> (a superset at worst), else by one walk of both in key order.
    /// </summary>
    public static HashSet<ServiceKey> ChangedServices(NodeDesiredState before, NodeDesiredState now)
    {
        var changed = new HashSet<ServiceKey>();
        var at = now.Services;
        for (var i = 0; i < Steps && !ReferenceEquals(at, before.Services); i++)
        {
            if (!Derivations.TryGetValue(at, out var step) || !step.Before.TryGetTarget(out var earlier)) return Walk(before, now);
            changed.UnionWith(step.Services);
            at = earlier;
        }

        return ReferenceEquals(at, before.Services) ? changed : Walk(before, now);
    }

    private static HashSet<ServiceKey> Walk(NodeDesiredState before, NodeDesiredState now)
    {
        var changed = new HashSet<ServiceKey>();
        var order = now.Services.KeyComparer;
        using var a = before.Services.GetEnumerator();
        using var b = now.Services.GetEnumerator();
        var (moreA, moreB) = (a.MoveNext(), b.MoveNext());
        while (moreA || moreB)
        {
            var c = !moreA ? 1 : !moreB ? -1 : order.Compare(a.Current.Key, b.Current.Key);
            if (c < 0) changed.Add(a.Current.Key);
            else if (c > 0) changed.Add(b.Current.Key);
            else if (!Same(a.Current.Value, b.Current.Value)) changed.Add(a.Current.Key);
            if (c <= 0) moreA = a.MoveNext();
            if (c >= 0) moreB = b.MoveNext();
        }

        return changed;
    }

    /// <summary>The same settings and destinations: what the planner reads of a service (health checks become weights before).</summary>
    public static bool Same(DesiredService a, DesiredService b) =>
        ReferenceEquals(a, b)
        || (a.Service == b.Service && Same(a.Destinations, b.Destinations, (x, y) => x == y));

    private static bool Same<T>(ImmutableSortedSet<T> a, ImmutableSortedSet<T> b) => ReferenceEquals(a, b) || a.SetEquals(b);

    private static bool Same<TKey, TValue>(
        ImmutableSortedDictionary<TKey, TValue> a, ImmutableSortedDictionary<TKey, TValue> b, Func<TValue, TValue, bool> same)
        where TKey : notnull =>
        ReferenceEquals(a, b) || (a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var other) && same(p.Value, other)));

    private sealed record Step(WeakReference<ImmutableSortedDictionary<ServiceKey, DesiredService>> Before, IReadOnlySet<ServiceKey> Services);
}
