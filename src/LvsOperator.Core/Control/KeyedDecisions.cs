using LvsOperator.Core.Compilation.Incremental;
using LvsOperator.Core.Resources;

namespace LvsOperator.Core.Control;

/// <summary>
/// <see cref="ControllerDecisions"/> for the keys an event maps to, from a compile kept current by
/// <see cref="IncrementalCompiler"/>: the same judgement per key, so the work is the keys', not the cluster's.
/// Decided for every key, the output is <see cref="ControllerDecisions.Decide"/>'s.
/// </summary>
public static class KeyedDecisions
{
    /// <param name="compiled">Fed the same resources <paramref name="source"/> holds, and compiled.</param>
    /// <param name="keys">VirtualService and RealServer keys; a VirtualService that is gone leaves slices to delete.</param>
    public static ControllerOutput Decide(IncrementalCompiler compiled, IDecisionSource source, IEnumerable<ResourceRef> keys, DateTimeOffset now)
    {
        var output = new OutputBuilder();
        ILookup<string, UnhealthyRealServer>? down = null;
        var nodes = source.ExistingNodes;
        foreach (var key in keys.Distinct().Order())
        {
            if (key.Kind == ResourceKinds.RealServer)
            {
                if (source.RealServer(key) is not { } rs) continue;
                down ??= ControllerDecisions.Down(source.AllSlices());
                ControllerDecisions.Report(rs, compiled.UsersOf(key), compiled.FindingsOf(key).ToList(), down, now, output);
                continue;
            }

            var slices = source.SlicesOf(key);
            if (source.VirtualService(key) is not { } vs)
            {
                ControllerDecisions.DeleteOrphans(slices, output);
                continue;
            }

            if (compiled.Outcome(key) is not { } outcome) continue;
            ControllerDecisions.DecideVirtualService(
                vs, outcome, compiled.Fragment(key), compiled.FindingsOf(key).ToList(), slices.ToList(), nodes, now, output);
        }

        return output.Build();
    }
}
