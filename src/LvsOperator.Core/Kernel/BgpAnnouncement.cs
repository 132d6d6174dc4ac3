using System.Collections.Immutable;
using System.Net;

namespace LvsOperator.Core.Kernel;

/// <summary>
/// What a director's BGP daemon must do (issue 17): the sessions it holds and the VIPs it announces over them.
/// Everything sorted, so the rendered daemon configuration is the same bytes for the same intent.
/// </summary>
public sealed record BgpAnnouncement(
    ImmutableSortedDictionary<IPAddress, BgpSession> Sessions, ImmutableSortedDictionary<IPAddress, BgpRoute> Routes)
{
    public static IComparer<IPAddress> Addresses { get; } = Comparer<IPAddress>.Create(AddressOrder.Compare);

    public static BgpAnnouncement Empty { get; } = new(
        ImmutableSortedDictionary<IPAddress, BgpSession>.Empty.WithComparers(Addresses),
        ImmutableSortedDictionary<IPAddress, BgpRoute>.Empty.WithComparers(Addresses));

    public bool IsEmpty => Sessions.Count == 0 && Routes.Count == 0;

    /// <summary>
    /// Both announcements at once: a session already known keeps its settings (the compiler settled conflicts), and a
    /// VIP announced by two VirtualServices (two ports) keeps the first's attributes and goes to the peers of both.
    /// </summary>
    public BgpAnnouncement Merge(BgpAnnouncement other)
    {
        var sessions = Sessions;
        foreach (var (peer, session) in other.Sessions) sessions = sessions.ContainsKey(peer) ? sessions : sessions.Add(peer, session);
        var routes = Routes;
        foreach (var (vip, route) in other.Routes)
            routes = routes.SetItem(vip, routes.TryGetValue(vip, out var known) ? known with { Peers = known.Peers.Union(route.Peers) } : route);
        return new BgpAnnouncement(sessions, routes);
    }

    public bool Equals(BgpAnnouncement? other) =>
        other is not null && Sessions.SequenceEqual(other.Sessions) && Routes.SequenceEqual(other.Routes);

    public override int GetHashCode() => HashCode.Combine(Sessions.Count, Routes.Count);
}
