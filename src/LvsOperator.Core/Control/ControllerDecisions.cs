using System.Collections.Immutable;
using LvsOperator.Core.Compilation;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Publishing;
using LvsOperator.Core.Resources;
using LvsOperator.Core.Validation;

namespace LvsOperator.Core.Control;

/// <summary>
/// The controller's whole judgement, without I/O: from the resources, the published NodeSlices and the
/// agents' reports, which slices to write, which statuses, finalizers and events. Level-triggered: the
/// same input always gives the same output, and an output applied gives an input that asks for nothing.
/// </summary>
public static class ControllerDecisions
{
    /// <summary>Holds a VirtualService until every node removed its kernel objects.</summary>
    public const string Finalizer = "lvsoperator.io/cleanup";

    public const string ManagedByLabel = "app.kubernetes.io/managed-by";
    public const string ManagedByValue = "lvs-operator";

    /// <summary>Health events per VirtualService and pass, before the rest are counted in one.</summary>
    private const int MaxHealthEvents = 10;

    public static ControllerOutput Decide(ControllerInput input, CompilerOptions options)
    {
        var compiled = Compiler.Compile(input.Cluster, options);
        var findings = compiled.Findings.ToLookup(f => f.Resource);
        var published = input.Slices.ToLookup(s => new ResourceRef(ResourceKinds.VirtualService, s.Metadata.Namespace ?? "", s.Spec.VirtualService));
        var output = new OutputBuilder();

        foreach (var vs in input.Cluster.VirtualServices)
        {
            var self = ResourceRef.Of(vs);
            DecideVirtualService(vs, compiled.VirtualServices[self], compiled.Fragments.GetValueOrDefault(self), findings[self].ToList(),
                published[self].ToList(), input.ExistingNodes, input.Now, output);
        }

        var known = input.Cluster.VirtualServices.Select(ResourceRef.Of).ToHashSet();
        DeleteOrphans(input.Slices.Where(s => !known.Contains(new ResourceRef(ResourceKinds.VirtualService, s.Metadata.Namespace ?? "", s.Spec.VirtualService))), output);
        var down = Down(input.Slices);
        var users = compiled.VirtualServices.Values.SelectMany(o => o.RealServers).CountBy(r => r).ToDictionary();
        foreach (var rs in input.Cluster.RealServers)
            Report(rs, users.GetValueOrDefault(ResourceRef.Of(rs)), findings[ResourceRef.Of(rs)].ToList(), down, input.Now, output);
        return output.Build();
    }

    /// <summary>One VirtualService's slices, finalizer, status and events, from its compiled result and its published slices.</summary>
    internal static void DecideVirtualService(
        VirtualService vs, VirtualServiceOutcome outcome, ImmutableSortedDictionary<string, NodeDesiredState>? fragment, List<Finding> findings,
        List<NodeSlice> slices, IReadOnlySet<string> existingNodes, DateTimeOffset now, OutputBuilder output)
    {
        var self = ResourceRef.Of(vs);
        var held = vs.Metadata.Finalizers?.Contains(Finalizer) == true;
        if (vs.Metadata.DeletionTimestamp is not null)
        {
            if (held) CleanUp(vs, slices, existingNodes, output);
            return;
        }

        if (!held) output.Finalizers.Add(new FinalizerChange(self, vs.Metadata, Add: true));
        // A VirtualService that stops compiling keeps what it had: a bad edit changes nothing on the nodes.
        var wanted = outcome.Accepted ? Wanted(vs, fragment!) : null;
        if (wanted is not null) Publish(vs, wanted, slices, output);
        Report(vs, outcome, findings, wanted, slices, now, output);
    }

    /// <summary>Slices whose VirtualService is gone, left by a lost delete or a controller that stopped half-way.</summary>
    internal static void DeleteOrphans(IEnumerable<NodeSlice> slices, OutputBuilder output) =>
        output.Slices.AddRange(slices.Select(s => new SliceChange(SliceChangeKind.Delete, s)));

    /// <summary>What the directors' health checks hold down, by address, from every slice's report.</summary>
    internal static ILookup<string, UnhealthyRealServer> Down(IEnumerable<NodeSlice> slices) =>
        slices.SelectMany(s => (s.Status?.Unhealthy ?? []).Select(u => u with { Node = s.Spec.NodeName })).ToLookup(u => u.Address);

    /// <summary>Names and specs only: a whole NodeSlice is built for a create, and a pass mostly finds its slices published as wanted.</summary>
    private static List<SliceDraft> Wanted(VirtualService vs, ImmutableSortedDictionary<string, NodeDesiredState> shares) =>
        NodeSliceCodec.Encode(vs.Metadata.Name, shares);

    private static NodeSlice Created(VirtualService vs, SliceDraft draft) => new()
    {
        Metadata = new ObjectMeta
        {
            Name = draft.Name,
            Namespace = vs.Metadata.Namespace,
            Labels = ImmutableDictionary<string, string>.Empty.Add(ManagedByLabel, ManagedByValue),
            OwnerReferences =
            [
                new OwnerReference
                {
                    ApiVersion = ResourceKinds.ApiVersion, Kind = ResourceKinds.VirtualService,
                    Name = vs.Metadata.Name, Uid = vs.Metadata.Uid ?? "", Controller = true, BlockOwnerDeletion = true,
                },
            ],
        },
        Spec = draft.Spec,
    };

    private static void Publish(VirtualService vs, List<SliceDraft> wanted, List<NodeSlice> published, OutputBuilder output)
    {
        var byName = published.ToDictionary(s => s.Metadata.Name, StringComparer.Ordinal);
        foreach (var slice in wanted)
        {
            if (!byName.Remove(slice.Name, out var current))
                output.Slices.Add(new SliceChange(SliceChangeKind.Create, Created(vs, slice)));
            else if (!SliceState.SameSpec(current.Spec, slice.Spec))
                output.Slices.Add(new SliceChange(SliceChangeKind.Update, current with { Spec = slice.Spec }));
        }

        // A node that lost its role, or a slice count that shrank: the agent drains what the slice held.
        foreach (var stale in byName.Values) output.Slices.Add(new SliceChange(SliceChangeKind.Delete, stale));
    }

    /// <summary>
    /// A VirtualService being deleted: empty its slices, wait until each node reports them applied and
    /// drained, then delete them and let the VirtualService go. A node that no longer exists does not hold it.
    /// </summary>
    private static void CleanUp(VirtualService vs, List<NodeSlice> slices, IReadOnlySet<string> nodes, OutputBuilder output)
    {
        var self = ResourceRef.Of(vs);
        foreach (var slice in slices.Where(s => !SliceState.Empty(s.Spec)))
        {
            output.Slices.Add(new SliceChange(SliceChangeKind.Update,
                slice with { Spec = new NodeSliceSpec { NodeName = slice.Spec.NodeName, VirtualService = slice.Spec.VirtualService } }));
        }

        var waiting = slices.Where(s => nodes.Contains(s.Spec.NodeName) && !(SliceState.Empty(s.Spec) && SliceState.Settled(s)))
            .Select(s => s.Spec.NodeName).Distinct().Order(StringComparer.Ordinal).ToList();
        if (waiting.Count > 0) return;

        foreach (var slice in slices) output.Slices.Add(new SliceChange(SliceChangeKind.Delete, slice));
        output.Finalizers.Add(new FinalizerChange(self, vs.Metadata, Add: false));
        output.Events.Add(new ControllerEvent(self, vs.Metadata.Uid ?? "", ControllerEvent.Normal, "CleanedUp",
            slices.Count == 0 ? "nothing was programmed" : $"kernel objects removed from {Nodes(slices.Select(s => s.Spec.NodeName))}"));
    }

    private static void Report(
        VirtualService vs, VirtualServiceOutcome outcome, List<Finding> findings, List<SliceDraft>? wanted,
        List<NodeSlice> published, DateTimeOffset now, OutputBuilder output)
    {
        var conditions = new ConditionSet(vs.Status?.Conditions, vs.Metadata.Generation, now);
        var findingText = string.Join("; ", findings.Take(5).Select(f => f.Error.ToString()));
        switch (outcome.Rejected)
        {
            case Rejection.Invalid:
                conditions.Set(ConditionTypes.Accepted, false, "Invalid", findingText);
                break;
            case Rejection.VipConflict:
                conditions.Set(ConditionTypes.Accepted, false, "VipConflict", findingText);
                break;
            default:
                conditions.Set(ConditionTypes.Accepted, true, "Accepted", findings.Count == 0 ? "" : findingText);
                break;
        }

        var (programmed, reason, message) = Programmed(outcome, wanted, published);
        conditions.Set(ConditionTypes.Programmed, programmed, reason, message);
        var unhealthy = Unhealthy(published);
        var problem = outcome.Problems.Count > 0 ? outcome.Problems[0] : null;
        var degraded = outcome.Problems.Select(p => p.Message)
            .Concat(unhealthy.Take(5).Select(u => $"{Endpoints(u)} of {u.Service} is down on {u.Node} ({u.Reason})")).ToList();
        conditions.Set(ConditionTypes.Degraded, degraded.Count > 0, problem?.Reason ?? (unhealthy.Count > 0 ? "RealServersDown" : "AsExpected"),
            string.Join("; ", degraded));
        var failover = FailoverReport.Status(vs, published);
        FailoverReport.SetCondition(failover, conditions);

        // A real server some director's checks hold down does not count as ready.
        var ready = Math.Max(0, outcome.ReadyRealServers - unhealthy.Select(u => (u.Address, u.Port)).Distinct().Count());
        var status = new VirtualServiceStatus
        {
            ObservedGeneration = vs.Metadata.Generation,
            Conditions = conditions.Conditions,
            ReadyRealServers = ready,
            TotalRealServers = outcome.TotalRealServers,
            UnhealthyRealServers = unhealthy.Count == 0 ? null : unhealthy,
            Failover = failover,
            AnnouncedBy = AnnouncementReport.AnnouncedBy(vs, published),
            Ready = $"{ready}/{outcome.TotalRealServers}",
        };
        if (vs.Status is { } current && Same(current, status)) return;
        var self = ResourceRef.Of(vs);
        output.VirtualServiceStatuses.Add(new StatusChange<VirtualServiceStatus>(self, vs.Metadata, status, vs.Status));
        output.Events.AddRange(Events(self, vs.Metadata, conditions));
        output.Events.AddRange(HealthEvents(self, vs.Metadata, vs.Status?.UnhealthyRealServers ?? [], unhealthy));
        output.Events.AddRange(FailoverReport.Takeover(self, vs.Metadata, vs.Status?.Failover, failover));
    }

    /// <summary>Records compare lists by reference: the lists are compared apart.</summary>
    private static bool Same(VirtualServiceStatus a, VirtualServiceStatus b) =>
        a with { Conditions = null, UnhealthyRealServers = null, Failover = null, AnnouncedBy = null }
            == b with { Conditions = null, UnhealthyRealServers = null, Failover = null, AnnouncedBy = null }
        && (a.AnnouncedBy ?? []).SequenceEqual(b.AnnouncedBy ?? [])
        && SameConditions(a.Conditions, b.Conditions) && (a.UnhealthyRealServers ?? []).SequenceEqual(b.UnhealthyRealServers ?? [])
        && FailoverReport.Same(a.Failover, b.Failover);

    /// <summary>What the directors' health checks hold down, from every slice's report, one entry per director.</summary>
    private static List<UnhealthyRealServer> Unhealthy(List<NodeSlice> published) =>
        published.SelectMany(s => (s.Status?.Unhealthy ?? []).Select(u => u with { Node = s.Spec.NodeName }))
            .Distinct()
            .OrderBy(u => u.Service, StringComparer.Ordinal).ThenBy(u => u.Address, StringComparer.Ordinal)
            .ThenBy(u => u.Port).ThenBy(u => u.Node, StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// One event per real server that went down or came back, at most <see cref="MaxHealthEvents"/> a pass
    /// and then one that counts the rest, so a whole rack failing does not flood the event stream.
    /// </summary>
    private static IEnumerable<ControllerEvent> HealthEvents(
        ResourceRef self, ObjectMeta meta, IReadOnlyList<UnhealthyRealServer> before, List<UnhealthyRealServer> now)
    {
        static (string, string, int, string?) Key(UnhealthyRealServer u) => (u.Service, u.Address, u.Port, u.Node);
        var was = before.Select(Key).ToHashSet();
        var isNow = now.Select(Key).ToHashSet();
        var changes = now.Where(u => !was.Contains(Key(u)))
            .Select(u => (ControllerEvent.Warning, "RealServerDown", $"{Endpoints(u)} of {u.Service} is down on {u.Node}: {u.Reason}"))
            .Concat(before.Where(u => !isNow.Contains(Key(u)))
                .Select(u => (ControllerEvent.Normal, "RealServerUp", $"{Endpoints(u)} of {u.Service} is up again on {u.Node}")))
            .ToList();
        foreach (var (type, reason, message) in changes.Take(MaxHealthEvents))
            yield return new ControllerEvent(self, meta.Uid ?? "", type, reason, message);
        if (changes.Count > MaxHealthEvents)
            yield return new ControllerEvent(self, meta.Uid ?? "", ControllerEvent.Warning, "RealServersChanged", $"{changes.Count - MaxHealthEvents} more real servers went down or came back");
    }

    /// <summary><c>192.0.2.1:80</c> or <c>[2001:db8::1]:80</c>; the address comes from an agent's report, so it is not trusted to parse.</summary>
    private static string Endpoints(UnhealthyRealServer u) =>
        System.Net.IPAddress.TryParse(u.Address, out var address) ? Kernel.Endpoints.Format(address, (ushort)u.Port) : $"{u.Address}:{u.Port}";

    /// <summary>Programmed when every wanted slice is published as wanted and its node reports this generation applied.</summary>
    private static (bool, string, string) Programmed(VirtualServiceOutcome outcome, List<SliceDraft>? wanted, List<NodeSlice> published)
    {
        if (wanted is null) return (false, "NotAccepted", "the VirtualService is not accepted; nodes keep what they had");
        if (outcome.Problems.FirstOrDefault(p => p.Reason == Problem.ServiceNotFound) is { } missing)
            return (false, Problem.ServiceNotFound, $"nothing is programmed until it exists: {missing.Message}");
        if (wanted.Count == 0) return (false, "NoNodes", "no node directs or serves it");

        var byName = published.ToDictionary(s => s.Metadata.Name, StringComparer.Ordinal);
        var current = wanted.Select(w => byName.TryGetValue(w.Name, out var p) && SliceState.SameSpec(p.Spec, w.Spec) ? p : null).ToList();
        var failed = current.OfType<NodeSlice>().Select(s => (s, c: SliceState.Reported(s, ConditionTypes.Programmed)))
            .Where(x => x.c is { Status: ConditionStatus.False }).ToList();
        if (failed.Count > 0)
            return (false, "ProgrammingFailed", string.Join("; ", failed.Take(3).Select(x => $"{x.s.Spec.NodeName}: {x.c!.Message}")));

        var pending = wanted.Zip(current).Where(x => x.Second is null || !SliceState.Programmed(x.Second)).Select(x => x.First.Spec.NodeName).ToList();
        return pending.Count > 0
            ? (false, "Pending", $"waiting for {Nodes(pending)}")
            : (true, "Programmed", $"programmed on {Nodes(wanted.Select(w => w.Spec.NodeName))}");
    }

    internal static void Report(
        RealServer rs, int users, List<Finding> findings, ILookup<string, UnhealthyRealServer> down, DateTimeOffset now, OutputBuilder output)
    {
        var self = ResourceRef.Of(rs);
        var conditions = new ConditionSet(rs.Status?.Conditions, rs.Metadata.Generation, now);
        var accepted = findings.Count == 0;
        var kept = accepted || rs.Status?.AcceptedSpec is null ? "" : "; the nodes keep its last accepted spec";
        conditions.Set(ConditionTypes.Accepted, accepted, accepted ? "Accepted" : "Invalid",
            string.Join("; ", findings.Take(5).Select(f => f.Error.ToString())) + kept);
        // Agents report addresses as .NET prints them; the spec may spell an IPv6 address otherwise.
        var address = System.Net.IPAddress.TryParse(rs.Spec.Address, out var parsed) ? parsed.ToString() : rs.Spec.Address;
        var failing = down[address].Where(u => rs.Spec.Port is null || u.Port == rs.Spec.Port).ToList();
        conditions.Set(ConditionTypes.Healthy, failing.Count == 0, failing.Count == 0 ? "NoCheckFailing" : "CheckFailing",
            string.Join("; ", failing.Take(5).Select(u => $"down on {u.Node} for {u.Service}: {u.Reason}")));
        var status = new RealServerStatus
        {
            ObservedGeneration = rs.Metadata.Generation,
            Conditions = conditions.Conditions,
            VirtualServices = users,
            AcceptedSpec = accepted ? rs.Spec : rs.Status?.AcceptedSpec,
        };
        if (rs.Status is { } current && current with { Conditions = null, AcceptedSpec = null } == status with { Conditions = null, AcceptedSpec = null }
            && SameConditions(current.Conditions, status.Conditions)
            && SliceState.Same(current.AcceptedSpec, status.AcceptedSpec, ResourceJsonContext.Default.RealServerSpec)) return;
        output.RealServerStatuses.Add(new StatusChange<RealServerStatus>(self, rs.Metadata, status, rs.Status));
        output.Events.AddRange(Events(self, rs.Metadata, conditions));
    }

    private static IEnumerable<ControllerEvent> Events(ResourceRef self, ObjectMeta meta, ConditionSet conditions) =>
        conditions.Changed.Select(c => new ControllerEvent(
            self, meta.Uid ?? "",
            // Degraded=True is the bad news; for the others, False is.
            (c.Type == ConditionTypes.Degraded) == (c.Status == ConditionStatus.True) ? ControllerEvent.Warning : ControllerEvent.Normal,
            c.Reason,
            c.Message.Length > 0 ? $"{c.Type}: {c.Message}" : $"{c.Type}={c.Status}"))
            // A Pending step on the way to Programmed is no news.
            .Where(e => e.Reason != "Pending");

    private static bool SameConditions(IReadOnlyList<Condition>? a, IReadOnlyList<Condition>? b) => (a ?? []).SequenceEqual(b ?? []);

    private static string Nodes(IEnumerable<string> nodes)
    {
        var list = nodes.Distinct().Order(StringComparer.Ordinal).ToList();
        var shown = string.Join(", ", list.Take(10));
        return list.Count switch
        {
            1 => $"node {shown}",
            <= 10 => $"{list.Count} nodes: {shown}",
            _ => $"{list.Count} nodes: {shown}, ...",
        };
    }
}
