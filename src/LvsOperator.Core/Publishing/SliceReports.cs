using LvsOperator.Core.Control;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Planning;
using LvsOperator.Core.Resources;

namespace LvsOperator.Core.Publishing;

/// <summary>What one reconcile cycle failed to do, as the node's agent saw it.</summary>
/// <param name="Failures">Operations that failed, with the kernel's reason.</param>
public sealed record CycleReport(Plan Plan, IReadOnlyList<(Operation Operation, string Reason)> Failures)
{
    /// <summary>Removed destinations that still hold connections on the node (the drain ledger's entries).</summary>
    public IReadOnlyCollection<DrainKey> Draining { get; init; } = [];

    /// <summary>Destinations this node's health checks hold down, with the last failure's reason.</summary>
    public IReadOnlyDictionary<(ServiceKey Service, DestinationKey Destination), string> Down { get; init; } =
        new Dictionary<(ServiceKey, DestinationKey), string>();

    /// <summary>The node's VRRP routers, by virtual router and address family.</summary>
    public IReadOnlyList<FailoverRouterStatus> Failover { get; init; } = [];

    /// <summary>The node's BGP sessions as its daemon reported them after the cycle (issue 17).</summary>
    public IReadOnlyList<BgpSessionStatus> Bgp { get; init; } = [];

    /// <summary>Whether the agent announces the node's VIPs (false: withdrawn, as when not serving).</summary>
    public bool Announcing { get; init; }
}

/// <summary>
/// Turns a node's reconcile cycle into the status of each of its NodeSlices. Each status says what is true of
/// that slice alone: it is Programmed unless something it asked for failed or was refused, and Draining only
/// while destinations removed from its own services still hold connections, so one bad or draining
/// VirtualService never rewrites the others' statuses.
/// </summary>
public static class SliceReports
{
    /// <summary>The status to write on each slice whose status must change (a slice that stays as it is is left out).</summary>
    public static IReadOnlyList<(NodeSlice Slice, NodeSliceStatus Status)> For(IEnumerable<NodeSlice> slices, CycleReport cycle, DateTimeOffset now) =>
        For(slices.Select(DecodedSlice.Of), cycle, now);

    /// <summary>As above, for slices the caller has decoded already (the agent keeps them decoded between cycles).</summary>
    public static IReadOnlyList<(NodeSlice Slice, NodeSliceStatus Status)> For(IEnumerable<DecodedSlice> slices, CycleReport cycle, DateTimeOffset now)
    {
        var problems = cycle.Plan.Conflicts.Select(c => (c.Subject, c.Reason))
            .Concat(cycle.Failures.Select(f => (f.Operation.Subject, f.Reason)))
            .ToLookup(p => p.Item1, p => p.Item2);
        var decoded = slices.ToList();
        var drains = new SliceDrains(cycle.Draining, decoded.Select(d => d.Share));

        var changes = new List<(NodeSlice, NodeSliceStatus)>();
        foreach (var (slice, share, invalid) in decoded)
        {
            var conditions = new ConditionSet(slice.Status?.Conditions, slice.Metadata.Generation, now);
            if (invalid is not null)
            {
                conditions.Set(ConditionTypes.Programmed, false, "Invalid", invalid);
            }
            else
            {
                var own = Subjects(share).SelectMany(s => problems[s].Select(reason => $"{s}: {reason}")).ToList();
                conditions.Set(ConditionTypes.Programmed, own.Count == 0, own.Count == 0 ? "Programmed" : "Failed", string.Join("; ", own.Take(3)));
            }

            var draining = drains.Of(share);
            conditions.Set(
                ConditionTypes.Draining, draining.Count > 0, draining.Count > 0 ? "ConnectionsDraining" : "NothingToDrain", SliceDrains.Message(draining));
            var sessions = BgpReport.Sessions(share.Bgp, cycle.Bgp);
            BgpReport.SetCondition(conditions, share.Bgp, sessions, cycle.Announcing);
            var unhealthy = Unhealthy(share, cycle.Down);
            var routers = cycle.Failover.Where(r => share.Failover.ContainsKey((byte)r.VirtualRouterId)).ToList();
            var status = new NodeSliceStatus
            {
                ObservedGeneration = slice.Metadata.Generation,
                Conditions = conditions.Conditions,
                Unhealthy = unhealthy.Count == 0 ? null : unhealthy,
                Failover = routers.Count == 0 ? null : routers,
                Bgp = sessions.Count == 0 ? null : sessions,
            };
            if (!status.SameAs(slice.Status)) changes.Add((slice, status));
        }

        return changes;
    }

    private static List<UnhealthyRealServer> Unhealthy(NodeDesiredState share, IReadOnlyDictionary<(ServiceKey, DestinationKey), string> down) =>
        down.Count == 0
            ? []
            : share.Services.Values.SelectMany(s => s.Destinations.Keys
                    .Where(d => down.ContainsKey((s.Service.Key, d)))
                    .Select(d => new UnhealthyRealServer
                    {
                        Service = s.Service.Key.ToString(), Address = d.Address.ToString(), Port = d.Port, Reason = Truncate(down[(s.Service.Key, d)]),
                    }))
                .ToList();

    private static string Truncate(string reason) => reason.Length <= 256 ? reason : reason[..253] + "...";

    private static IEnumerable<string> Subjects(NodeDesiredState share) =>
        share.Services.Keys.Select(k => $"service {k}")
            .Concat(share.Addresses.Select(a => $"address {a}"))
            .Concat(share.Sysctls.Keys.Select(n => $"sysctl {n}"))
            .Concat(share.Links.Keys.Select(n => $"link {n}"))
            .Concat(share.GuePorts.Select(GuePortPlanner.Subject))
            .Concat(share.SourceNat.IsEmpty ? [] : [SourceNatPlanner.Subject]);
}
