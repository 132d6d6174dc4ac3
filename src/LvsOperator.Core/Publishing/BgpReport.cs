using System.Net;
using LvsOperator.Core.Control;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Resources;

namespace LvsOperator.Core.Publishing;

/// <summary>
/// A slice's share of the node's BGP state (issue 17): the sessions with the peers it names, and whether its VIPs are
/// announced. A slice without BGP sessions gets neither, so active/active leaves other slices' statuses alone.
/// </summary>
internal static class BgpReport
{
    public static List<BgpSessionStatus> Sessions(BgpAnnouncement share, IReadOnlyList<BgpSessionStatus> node) =>
        share.Sessions.Count == 0
            ? []
            : node.Where(s => IPAddress.TryParse(s.Peer, out var peer) && share.Sessions.ContainsKey(peer))
                .OrderBy(s => s.Peer, StringComparer.Ordinal).ThenBy(s => s.Family, StringComparer.Ordinal)
                .ToList();

    /// <summary>
    /// <see cref="ConditionTypes.Announced"/>: true while the agent announces and a session one of the slice's routes
    /// goes out on is established; otherwise why not (withdrawn by the agent, nothing to announce, no session up).
    /// </summary>
    public static void SetCondition(ConditionSet conditions, BgpAnnouncement share, List<BgpSessionStatus> sessions, bool announcing)
    {
        if (share.Sessions.Count == 0) return;
        var up = sessions.Where(s => s.Established).Select(s => s.Peer).ToHashSet(StringComparer.Ordinal);
        var carried = share.Routes.Values.Where(r => r.Peers.Any(p => up.Contains(p.ToString()))).Select(r => r.Vip.ToString()).ToList();
        if (share.Routes.Count == 0)
            conditions.Set(ConditionTypes.Announced, false, "NothingToAnnounce", "the director announces none of the slice's VIPs (node cordoned or excluded)");
        else if (!announcing)
            conditions.Set(ConditionTypes.Announced, false, "Withdrawn", "the agent withdrew the VIPs: not ready, or stopping");
        else if (carried.Count == 0)
            conditions.Set(ConditionTypes.Announced, false, "NoSession", "no BGP session the VIPs go out on is established");
        else
            conditions.Set(ConditionTypes.Announced, true, "Announced", string.Join(", ", carried));
    }
}
