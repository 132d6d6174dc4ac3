using LvsOperator.Core.Resources;

namespace LvsOperator.Core.Control;

/// <summary>
/// The published slices matched by name to the ones a VirtualService wants, each spec compared once a pass:
/// publishing and the Programmed condition both read the comparison.
/// </summary>
internal sealed class SliceMatch
{
    public SliceMatch(List<NodeSlice> wanted, List<NodeSlice> published)
    {
        var byName = new Dictionary<string, NodeSlice>(published.Count, StringComparer.Ordinal);
        foreach (var slice in published) byName.Add(slice.Metadata.Name, slice);
        Named = new List<NodeSlice?>(wanted.Count);
        Current = new List<NodeSlice?>(wanted.Count);
        foreach (var slice in wanted)
        {
            var named = byName.Remove(slice.Metadata.Name, out var found) ? found : null;
            Named.Add(named);
            Current.Add(named is not null && SliceState.SameSpec(named.Spec, slice.Spec) ? named : null);
        }

        Stale = [.. byName.Values];
    }

    /// <summary>Per wanted slice, the published slice of its name, if any.</summary>
    public List<NodeSlice?> Named { get; }

    /// <summary>Per wanted slice, the published slice of its name when its spec is the wanted one.</summary>
    public List<NodeSlice?> Current { get; }

    /// <summary>Published slices no longer wanted: a node that lost its role, or a slice count that shrank.</summary>
    public List<NodeSlice> Stale { get; }
}
