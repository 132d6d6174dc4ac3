using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LvsOperator.Core.Compilation;
using LvsOperator.Core.Resources;

namespace LvsOperator.Core.Tests.Incremental;

/// <summary>
/// After any sequence of adds, updates and deletes of VirtualServices, RealServers, Services (their endpoints)
/// and nodes, the incremental compiler's answer equals a compile from scratch of the same resources, and every
/// resource whose answer changed is among the keys its <c>Compile</c> returned (or its decision would be missed).
/// </summary>
public sealed class IncrementalCompilerProperties
{
    private static readonly CompilerOptions Options = new();

    [Property(MaxTest = 400)]
    public Property Incremental_compile_equals_a_compile_from_scratch_after_any_events() =>
        Prop.ForAll(Arb.From(ClusterEvents.Sequences), events =>
        {
            var world = new ClusterWorld();
            var before = new Dictionary<ResourceRef, string>();
            for (var i = 0; i < events.Count; i++)
            {
                world.Apply(events[i]);
                var changed = world.Compiler.Compile();
                var snapshot = world.Snapshot;
                var realServers = snapshot.RealServers.Select(ResourceRef.Of).ToList();
                var expected = CompiledStates.Describe(Compiler.Compile(snapshot, Options), realServers);
                var actual = CompiledStates.Describe(world.Compiler, snapshot.VirtualServices.Select(ResourceRef.Of), realServers);
                if (CompiledStates.FirstDifference(expected, actual) is { } difference)
                    return false.Label($"after event {i} ({events[i]}):\n{difference}");
                if (CompiledStates.FirstDifference(expected, CompiledStates.Describe(world.Compiler.State, realServers)) is { } whole)
                    return false.Label($"State after event {i}:\n{whole}");

                var missed = expected.Keys.Union(before.Keys)
                    .Where(k => before.GetValueOrDefault(k) != expected.GetValueOrDefault(k) && !changed.Contains(k)).ToList();
                if (missed.Count > 0) return false.Label($"after event {i} ({events[i]}): changed but not returned: {string.Join(", ", missed)}");
                before = expected;
            }

            return true.Label("equal");
        });
}
