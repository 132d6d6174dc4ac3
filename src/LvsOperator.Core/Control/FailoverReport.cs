using LvsOperator.Core.Resources;

namespace LvsOperator.Core.Control;

/// <summary>
/// Which director is master of a VirtualService's virtual router, from the routers its directors report in
/// their NodeSlices: the status field, the <see cref="ConditionTypes.DirectorElected"/> condition and the
/// takeover event (issue 7: who is active, visible in status and events).
/// </summary>
internal static class FailoverReport
{
    public static FailoverStatus? Status(VirtualService vs, IEnumerable<NodeSlice> published)
    {
        if (vs.Spec.Failover is not { } failover) return null;
        // A node with several slices reports its routers in each: one entry per (node, family).
        var routers = published
            .SelectMany(s => (s.Status?.Failover ?? []).Where(r => r.VirtualRouterId == failover.VirtualRouterId).Select(r => r with { Node = s.Spec.NodeName }))
            .DistinctBy(r => (r.Node, r.IpFamily))
            .OrderBy(r => r.Node, StringComparer.Ordinal).ThenBy(r => r.IpFamily)
            .ToList();
        return new FailoverStatus
        {
            VirtualRouterId = failover.VirtualRouterId,
            Active = Masters(routers).FirstOrDefault()?.Node,
            Routers = routers,
        };
    }

    public static void SetCondition(FailoverStatus? status, ConditionSet conditions)
    {
        if (status is null) return;
        var vrid = status.VirtualRouterId;
        var masters = Masters(status.Routers).ToList();
        if (status.Routers.Count == 0)
        {
            conditions.Set(ConditionTypes.DirectorElected, ConditionStatus.Unknown, "Pending", $"no director has reported VRRP {vrid} yet");
        }
        else if (masters.Count == 0)
        {
            conditions.Set(ConditionTypes.DirectorElected, false, "NoMaster",
                $"no director is master of VRRP {vrid}: {string.Join(", ", status.Routers.Select(r => $"{r.Node} {r.State}"))}");
        }
        else
        {
            var others = masters.Skip(1).Select(m => $"{m.Node} ({m.IpFamily}, since {m.Since:u})").ToList();
            conditions.Set(ConditionTypes.DirectorElected, true, "Elected",
                $"{masters[0].Node} is master of VRRP {vrid} since {masters[0].Since:u}"
                + (others.Count == 0 ? "" : $"; also reporting master: {string.Join(", ", others)} (a dead node's last report, or a split brain)"));
        }
    }

    /// <summary>A new active director replacing another; a first master is news enough in the condition's event.</summary>
    public static IEnumerable<ControllerEvent> Takeover(ResourceRef self, ObjectMeta meta, FailoverStatus? before, FailoverStatus? now)
    {
        if (before?.Active is { } was && now?.Active is { } active && was != active)
            yield return new ControllerEvent(self, meta.Uid ?? "", ControllerEvent.Normal, "DirectorTakeover",
                $"{active} took over VRRP {now.VirtualRouterId} from {was}");
    }

    public static bool Same(FailoverStatus? a, FailoverStatus? b) =>
        a is null || b is null
            ? a is null && b is null
            : a.VirtualRouterId == b.VirtualRouterId && a.Active == b.Active && a.Routers.SequenceEqual(b.Routers);

    /// <summary>Masters, newest first: after a takeover the old master's report is the older one.</summary>
    private static IEnumerable<FailoverRouterStatus> Masters(IEnumerable<FailoverRouterStatus> routers) =>
        routers.Where(r => r.State == FailoverRouterState.Master).OrderByDescending(r => r.Since).ThenBy(r => r.Node, StringComparer.Ordinal);
}
