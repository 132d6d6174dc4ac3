using LvsOperator.Core.Compilation;
using LvsOperator.Core.Control;
using LvsOperator.Core.Resources;

namespace LvsOperator.Core.Tests.Control;

/// <summary>
/// The API server's side of the controller's decisions, as plain data: applies writes the way the API
/// server would (generation bumps on spec changes, deletion held by finalizers), and lets a test play the
/// agents that report on their slices.
/// </summary>
internal sealed class ClusterModel(params NodeInfo[] nodes)
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private int _uid;

    public List<VirtualService> VirtualServices { get; } = [];
    public List<RealServer> RealServers { get; } = [];
    public List<ServiceBackends> Services { get; } = [];
    public List<NodeSlice> Slices { get; } = [];
    public List<NodeInfo> Nodes { get; } = nodes.Length == 0 ? [Make.Node("director")] : [.. nodes];
    public HashSet<string> GoneNodes { get; } = [];
    public List<ControllerEvent> Events { get; } = [];
    public DateTimeOffset Now { get; set; } = Start;

    public VirtualService Add(VirtualService vs)
    {
        vs = vs with { Metadata = vs.Metadata with { Uid = $"uid-{++_uid}", Generation = 1, CreationTimestamp = vs.Metadata.CreationTimestamp ?? Now } };
        VirtualServices.Add(vs);
        return vs;
    }

    public void Edit(string name, Func<VirtualServiceSpec, VirtualServiceSpec> change) => Replace(name, vs => vs with
    {
        Spec = change(vs.Spec),
        Metadata = vs.Metadata with { Generation = vs.Metadata.Generation + 1 },
    });

    public void EditRealServer(string name, Func<RealServerSpec, RealServerSpec> change)
    {
        var i = RealServers.FindIndex(r => r.Metadata.Name == name);
        RealServers[i] = RealServers[i] with
        {
            Spec = change(RealServers[i].Spec),
            Metadata = RealServers[i].Metadata with { Generation = RealServers[i].Metadata.Generation + 1 },
        };
    }

    public void Delete(string name)
    {
        Replace(name, vs => vs with { Metadata = vs.Metadata with { DeletionTimestamp = Now } });
        VirtualServices.RemoveAll(vs => vs.Metadata.DeletionTimestamp is not null && vs.Metadata.Finalizers is not { Count: > 0 });
    }

    public VirtualService Get(string name) => VirtualServices.Single(v => v.Metadata.Name == name);

    public ControllerInput Input()
    {
        var existing = Nodes.Select(n => n.Name).Concat(Slices.Select(s => s.Spec.NodeName)).Where(n => !GoneNodes.Contains(n)).ToHashSet();
        return new ControllerInput(new ClusterSnapshot(VirtualServices.ToList(), RealServers.ToList(), Services.ToList(), Nodes.ToList()), Slices.ToList(), existing, Now);
    }

    public ControllerOutput Decide() => ControllerDecisions.Decide(Input(), new CompilerOptions());

    /// <summary>Decides and applies the writes, as the controller's adapter would.</summary>
    public ControllerOutput Step()
    {
        var output = Decide();
        foreach (var change in output.Slices) Apply(change);
        foreach (var status in output.VirtualServiceStatuses) Replace(status.Target.Name, vs => vs with { Status = status.Status });
        foreach (var status in output.RealServerStatuses)
        {
            var i = RealServers.FindIndex(r => r.Metadata.Name == status.Target.Name);
            RealServers[i] = RealServers[i] with { Status = status.Status };
        }

        foreach (var f in output.Finalizers)
        {
            Replace(f.Target.Name, vs => vs with
            {
                Metadata = vs.Metadata with { Finalizers = f.Add ? [ControllerDecisions.Finalizer] : [] },
            });
        }

        VirtualServices.RemoveAll(vs => vs.Metadata.DeletionTimestamp is not null && vs.Metadata.Finalizers is not { Count: > 0 });
        Events.AddRange(output.Events);
        return output;
    }

    /// <summary>The agent of <paramref name="node"/> reports every slice of its node applied (or failed, with a message).</summary>
    public void AgentReports(
        string node, string? failure = null, bool draining = false, IReadOnlyList<UnhealthyRealServer>? unhealthy = null,
        IReadOnlyList<FailoverRouterStatus>? failover = null, bool announced = false)
    {
        for (var i = 0; i < Slices.Count; i++)
        {
            if (Slices[i].Spec.NodeName != node) continue;
            List<Condition> conditions =
            [
                new() { Type = ConditionTypes.Programmed, Status = failure is null ? ConditionStatus.True : ConditionStatus.False, Message = failure ?? "" },
                new() { Type = ConditionTypes.Draining, Status = draining ? ConditionStatus.True : ConditionStatus.False },
            ];
            if (announced) conditions.Add(new() { Type = ConditionTypes.Announced, Status = ConditionStatus.True });
            Slices[i] = Slices[i] with { Status = new NodeSliceStatus { ObservedGeneration = Slices[i].Metadata.Generation, Conditions = conditions, Unhealthy = unhealthy, Failover = failover } };
        }
    }

    public void AllAgentsReport()
    {
        foreach (var node in Slices.Select(s => s.Spec.NodeName).Distinct().ToList()) AgentReports(node);
    }

    private void Apply(SliceChange change)
    {
        var i = Slices.FindIndex(s => s.Metadata.Name == change.Slice.Metadata.Name && s.Metadata.Namespace == change.Slice.Metadata.Namespace);
        switch (change.Kind)
        {
            case SliceChangeKind.Create:
                Assert.Equal(-1, i);
                Slices.Add(change.Slice with { Metadata = change.Slice.Metadata with { Generation = 1 } });
                break;
            case SliceChangeKind.Update:
                Slices[i] = change.Slice with { Metadata = change.Slice.Metadata with { Generation = Slices[i].Metadata.Generation + 1 } };
                break;
            case SliceChangeKind.Delete:
                Slices.RemoveAt(i);
                break;
        }
    }

    private void Replace(string name, Func<VirtualService, VirtualService> change)
    {
        var i = VirtualServices.FindIndex(v => v.Metadata.Name == name);
        VirtualServices[i] = change(VirtualServices[i]);
    }
}
