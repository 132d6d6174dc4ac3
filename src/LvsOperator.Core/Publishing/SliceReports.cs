using LvsOperator.Core.Control;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Planning;
using LvsOperator.Core.Resources;

namespace LvsOperator.Core.Publishing;

/// <summary>What one reconcile cycle failed to do, as the node's agent saw it.</summary>
/// <param name="Failures">Operations that failed, with the kernel's reason.</param>
/// <param name="Draining">Whether removed destinations still hold connections on the node.</param>
public sealed record CycleReport(Plan Plan, IReadOnlyList<(Operation Operation, string Reason)> Failures, bool Draining)
{
    /// <summary>Destinations this node's health checks hold down, with the last failure's reason.</summary>
    public IReadOnlyDictionary<(ServiceKey Service, DestinationKey Destination), string> Down { get; init; } =
        new Dictionary<(ServiceKey, DestinationKey), string>();

    /// <summary>The node's VRRP routers, by virtual router and address family.</summary>
    public IReadOnlyList<FailoverRouterStatus> Failover { get; init; } = [];
}

/// <summary>
/// Turns a node's reconcile cycle into the status of each of its NodeSlices: a slice is Programmed unless
/// something it asked for failed or was refused, so one bad VirtualService never marks the others.
/// </summary>
public static class SliceReports
{
    /// <summary>The status to write on each slice whose status must change (a slice that stays as it is is left out).</summary>
    public static IReadOnlyList<(NodeSlice Slice, NodeSliceStatus Status)> For(IEnumerable<NodeSlice> slices, CycleReport cycle, DateTimeOffset now)
    {
        var problems = cycle.Plan.Conflicts.Select(c => (c.Subject, c.Reason))
            .Concat(cycle.Failures.Select(f => (f.Operation.Subject, f.Reason)))
            .ToLookup(p => p.Item1, p => p.Item2);

        var changes = new List<(NodeSlice, NodeSliceStatus)>();
        foreach (var slice in slices)
        {
            var conditions = new ConditionSet(slice.Status?.Conditions, slice.Metadata.Generation, now);
            if (!NodeSliceCodec.TryDecode(slice, out var share, out var invalid))
            {
                conditions.Set(ConditionTypes.Programmed, false, "Invalid", invalid!);
            }
            else
            {
                var own = Subjects(share).SelectMany(s => problems[s].Select(reason => $"{s}: {reason}")).ToList();
                conditions.Set(ConditionTypes.Programmed, own.Count == 0, own.Count == 0 ? "Programmed" : "Failed", string.Join("; ", own.Take(3)));
            }

            conditions.Set(ConditionTypes.Draining, cycle.Draining, cycle.Draining ? "ConnectionsDraining" : "NothingToDrain", "");
            var unhealthy = Unhealthy(share, cycle.Down);
            var routers = cycle.Failover.Where(r => share.Failover.ContainsKey((byte)r.VirtualRouterId)).ToList();
            var status = new NodeSliceStatus
            {
                ObservedGeneration = slice.Metadata.Generation,
                Conditions = conditions.Conditions,
                Unhealthy = unhealthy.Count == 0 ? null : unhealthy,
                Failover = routers.Count == 0 ? null : routers,
            };
            if (slice.Status is null || slice.Status.ObservedGeneration != status.ObservedGeneration || conditions.Changed.Count > 0
                || !conditions.Conditions.Select(c => c.Message).SequenceEqual(slice.Status.Conditions?.Select(c => c.Message) ?? [])
                || !unhealthy.SequenceEqual(slice.Status.Unhealthy ?? [])
                || !routers.SequenceEqual(slice.Status.Failover ?? []))
                changes.Add((slice, status));
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
