using System.Collections.Immutable;
using LvsOperator.Core.Kernel;

namespace LvsOperator.Core.Planning;

/// <summary>
/// Keeps an mh service's destination list in one order on every director. The Maglev table that ip_vs_mh.c builds
/// depends on the order of <c>svc-&gt;destinations</c> (it fills the table taking each destination in turn), so two
/// directors with the same destinations and weights but another order send a flow to different real servers, and an
/// ECMP re-hash after a director leaves would break the connections it moves (issue 17).
/// </summary>
/// <remarks>
/// The order wanted is the one a fresh service gets: destinations added by ascending key, as the planner adds them
/// (the NodeSlice's order). The kernel puts each new destination at the head of its list, so the dump walks the list
/// newest first and the order of additions is the dump reversed. A destination deleted and added again goes last in
/// that order: keeping the longest prefix of the wanted order that the kernel holds in that order (not necessarily
/// side by side: what lies between moves last anyway), and deleting and adding again every wanted destination after
/// it, in order, is the fewest operations that restore it. Destinations no longer wanted (draining) stay where they
/// are; they leave the list when their drain ends.
/// </remarks>
internal static class MhOrder
{
    public const string Scheduler = "mh";

    /// <returns>
    /// The wanted destinations the kernel holds out of order, to delete and add again; empty for another scheduler or
    /// when the dump's order is not known.
    /// </returns>
    public static IReadOnlySet<DestinationKey> OutOfOrder(DesiredService desired, ObservedService current)
    {
        if (desired.Service.Scheduler != Scheduler || current.Order.IsEmpty) return ImmutableHashSet<DestinationKey>.Empty;
        var added = current.Order.Reverse().Where(desired.Destinations.ContainsKey).ToList();
        var (kept, next) = (0, 0);
        foreach (var key in desired.Destinations.Keys)
        {
            var at = added.IndexOf(key, next);
            if (at < 0) break;
            (kept, next) = (kept + 1, at + 1);
        }

        return desired.Destinations.Keys.Skip(kept).Where(current.Destinations.ContainsKey).ToHashSet();
    }
}
