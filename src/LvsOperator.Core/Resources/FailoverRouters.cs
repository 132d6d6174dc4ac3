using System.Collections.Immutable;
using System.Net;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Validation;

namespace LvsOperator.Core.Resources;

/// <summary>
/// Settles the virtual routers VirtualServices ask for. Every VirtualService naming one VRID joins one group, so
/// they must agree on its settings: the oldest (then namespace/name, as <c>VipClaims</c> orders) decides, and a
/// newer one that differs gets a finding and runs with the older's settings; its VIPs still move with the group
/// rather than sit on every director.
/// </summary>
internal static class FailoverRouters
{
    /// <summary>The failover each VirtualService with <c>spec.failover</c> runs with.</summary>
    public static Dictionary<ResourceRef, Failover> Resolve(IEnumerable<VirtualService> accepted, List<Finding> findings)
    {
        var byRouter = new Dictionary<int, (ResourceRef Owner, Failover Settings)>();
        var resolved = new Dictionary<ResourceRef, Failover>();
        foreach (var vs in accepted.Where(v => v.Spec.Failover is not null)
                     .OrderBy(v => v.Metadata.CreationTimestamp ?? DateTimeOffset.MaxValue).ThenBy(ResourceRef.Of))
        {
            var self = ResourceRef.Of(vs);
            var mine = vs.Spec.Failover!;
            if (!byRouter.TryGetValue(mine.VirtualRouterId, out var first))
            {
                byRouter[mine.VirtualRouterId] = (self, mine);
                resolved[self] = mine;
                continue;
            }

            resolved[self] = first.Settings;
            if (!SameRouter(first.Settings, mine))
                findings.Add(new Finding(self, new FieldError("spec.failover", $"{Messages.FailoverConflict} ({first.Owner})")));
        }

        return resolved;
    }

    /// <summary>
    /// The group as <paramref name="node"/> runs it: its own priority and the service's VIPs; with
    /// <see cref="Failover.Unicast"/> and no explicit peers, the directors' addresses are the peers.
    /// </summary>
    public static FailoverGroup Group(Failover failover, string node, IEnumerable<IPAddress> addresses, IEnumerable<IPAddress> directorAddresses)
    {
        var priority = failover.NodePriorities?.GetValueOrDefault(node) is { } own and > 0 ? own : failover.Priority;
        var peers = failover.UnicastPeers is { Count: > 0 } named ? named.Select(IPAddress.Parse)
            : failover.Unicast ? directorAddresses.Distinct()
            : [];
        return new FailoverGroup(
            (byte)failover.VirtualRouterId, (byte)priority, Duration(failover.AdvertisementInterval), failover.Preempt,
            Duration(failover.PreemptDelay), failover.ConnectionSync, failover.Interface,
            peers.ToImmutableArray(), []).Merge(addresses);
    }

    private static bool SameRouter(Failover a, Failover b) =>
        a with { NodePriorities = null, UnicastPeers = null } == b with { NodePriorities = null, UnicastPeers = null }
        && (a.UnicastPeers ?? []).SequenceEqual(b.UnicastPeers ?? [])
        && (a.NodePriorities ?? ImmutableDictionary<string, int>.Empty).OrderBy(p => p.Key, StringComparer.Ordinal)
            .SequenceEqual((b.NodePriorities ?? ImmutableDictionary<string, int>.Empty).OrderBy(p => p.Key, StringComparer.Ordinal));

    // Validated before compiling: the durations parse.
    private static TimeSpan Duration(string text) => HealthCheckDuration.TryParse(text, out var duration) ? duration : TimeSpan.Zero;
}
