using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LvsOperator.Core.Compilation;
using LvsOperator.Core.Control;
using LvsOperator.Core.Resources;

namespace LvsOperator.Core.Tests.Incremental;

/// <summary>
/// Decided key by key from the incremental compile, for every key, the output is the whole decision's, with
/// the slices the previous outputs published (so creates, updates, deletes and orphans all occur).
/// </summary>
public sealed class KeyedDecisionProperties
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UnixEpoch.AddDays(1);

    [Property(MaxTest = 200)]
    public Property Keyed_decisions_for_every_key_equal_the_whole_decision() =>
        Prop.ForAll(Arb.From(ClusterEvents.Sequences), events =>
        {
            var world = new ClusterWorld();
            var published = new Dictionary<(string, string), NodeSlice>();
            for (var i = 0; i < events.Count; i++)
            {
                world.Apply(events[i]);
                world.Compiler.Compile();
                var snapshot = world.Snapshot;
                var nodes = snapshot.Nodes.Select(n => n.Name).ToHashSet();
                var whole = ControllerDecisions.Decide(new ControllerInput(snapshot, [.. published.Values], nodes, Now), new CompilerOptions());
                var source = new Source(snapshot, [.. published.Values], nodes);
                var keys = snapshot.VirtualServices.Select(ResourceRef.Of).Concat(snapshot.RealServers.Select(ResourceRef.Of))
                    .Concat(published.Values.Select(s => new ResourceRef(ResourceKinds.VirtualService, s.Metadata.Namespace ?? "", s.Spec.VirtualService)));
                var keyed = KeyedDecisions.Decide(world.Compiler, source, keys, Now);
                var (expected, actual) = (Describe(whole), Describe(keyed));
                if (!expected.SequenceEqual(actual))
                    return false.Label($"after event {i} ({events[i]}):\n  whole: {string.Join("\n    ", expected)}\n  keyed: {string.Join("\n    ", actual)}");
                Publish(published, whole, i);
            }

            return true.Label("equal");
        });

    private static void Publish(Dictionary<(string, string), NodeSlice> published, ControllerOutput output, int version)
    {
        foreach (var change in output.Slices)
        {
            var key = (change.Slice.Metadata.Namespace ?? "", change.Slice.Metadata.Name);
            if (change.Kind == SliceChangeKind.Delete) published.Remove(key);
            else published[key] = change.Slice with { Metadata = change.Slice.Metadata with { Generation = version, ResourceVersion = $"{version}" } };
        }
    }

    private static List<string> Describe(ControllerOutput output) =>
        output.Slices.Select(c => $"{c.Kind} {c.Slice.Metadata.Namespace}/{c.Slice.Metadata.Name} {JsonSerializer.Serialize(c.Slice.Spec, ResourceJsonContext.Default.NodeSliceSpec)}")
            .Concat(output.VirtualServiceStatuses.Select(s => $"status {s.Target} {JsonSerializer.Serialize(s.Status, ResourceJsonContext.Default.VirtualServiceStatus)}"))
            .Concat(output.RealServerStatuses.Select(s => $"status {s.Target} {JsonSerializer.Serialize(s.Status, ResourceJsonContext.Default.RealServerStatus)}"))
            .Concat(output.Finalizers.Select(f => $"finalizer {f.Target} {f.Add}"))
            .Concat(output.Events.Select(e => $"event {e.Regarding} {e.Type} {e.Reason} {e.Message}"))
            .Order(StringComparer.Ordinal).ToList();

    private sealed class Source(ClusterSnapshot snapshot, List<NodeSlice> slices, IReadOnlySet<string> nodes) : IDecisionSource
    {
        public IReadOnlySet<string> ExistingNodes => nodes;

        public VirtualService? VirtualService(ResourceRef vs) => snapshot.VirtualServices.FirstOrDefault(v => ResourceRef.Of(v) == vs);

        public RealServer? RealServer(ResourceRef rs) => snapshot.RealServers.FirstOrDefault(r => ResourceRef.Of(r) == rs);

        public IReadOnlyList<NodeSlice> SlicesOf(ResourceRef vs) =>
            slices.Where(s => (s.Metadata.Namespace ?? "") == vs.Namespace && s.Spec.VirtualService == vs.Name).ToList();

        public IEnumerable<NodeSlice> AllSlices() => slices;
    }
}
