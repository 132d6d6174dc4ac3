using System.Collections.Immutable;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LvsOperator.Core.Compilation;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Publishing;
using LvsOperator.Core.Resources;

namespace LvsOperator.Core.Tests.Incremental;

/// <summary>
/// After any sequence of cluster events, each node's state kept share by share equals the whole merge of a compile
/// from scratch, and every service whose desired state moved is among those <see cref="NodeShares.Update"/> returned.
/// </summary>
public sealed class NodeSharesProperties
{
    [Property(MaxTest = 300)]
    public Property Node_state_kept_by_shares_equals_the_whole_merge_after_any_events() =>
        Prop.ForAll(Arb.From(ClusterEvents.Sequences), events =>
        {
            var world = new ClusterWorld();
            var shares = new Dictionary<string, NodeShares>();
            for (var i = 0; i < events.Count; i++)
            {
                world.Apply(events[i]);
                var changed = world.Compiler.Compile();
                var expected = Compiler.Compile(world.Snapshot, new CompilerOptions());
                foreach (var node in world.Snapshot.Nodes.Select(n => n.Name).Concat(shares.Keys).Distinct().ToList())
                {
                    // A node first seen now starts from the whole compile, as an agent that starts does.
                    var own = shares.TryGetValue(node, out var known) ? known : shares[node] = NodeShares.From(world.Compiler.State, node);
                    var before = own.State;
                    var moved = known is null ? new HashSet<ServiceKey>() : own.Update(world.Compiler, changed);
                    var whole = expected.ForNode(node);
                    if (Describe(own.State) != Describe(whole))
                        return false.Label($"after event {i} ({events[i]}), node {node}:\n  whole:  {Describe(whole)}\n  shares: {Describe(own.State)}");
                    // A copy of the map has no record: the walk says what really moved.
                    var copy = before with { Services = ImmutableSortedDictionary.CreateRange(before.Services) };
                    var missed = DesiredChanges.ChangedServices(copy, own.State).Where(k => !moved.Contains(k)).ToList();
                    if (known is not null && missed.Count > 0)
                        return false.Label($"after event {i} ({events[i]}), node {node}: moved but not returned: {string.Join(", ", missed)}");
                }
            }

            return true.Label("equal");
        });

    /// <summary>The state as a node's slice carries it: everything an agent takes from its desired state.</summary>
    internal static string Describe(NodeDesiredState state) =>
        string.Join("\n", NodeSliceCodec.Encode("all", "node", state)
            .Select(draft => JsonSerializer.Serialize(draft.Spec, ResourceJsonContext.Default.NodeSliceSpec)));
}
