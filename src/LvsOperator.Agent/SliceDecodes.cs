using LvsOperator.Core.Compilation;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Publishing;
using LvsOperator.Core.Resources;

namespace LvsOperator.Agent;

/// <summary>
/// This node's NodeSlices, each decoded once per spec: a slice's spec moves only with its generation (or a new uid),
/// so a wake for another slice and every cycle's status report decode nothing again (issue 14: at 1,000 slices,
/// decoding them all for each report took a third of an idle agent's CPU). Keeps each slice's last share that
/// decoded, which the node holds while a later edit does not (fail static). Not thread-safe.
/// </summary>
internal sealed class SliceDecodes
{
    private readonly Dictionary<string, Entry> _byName = new(StringComparer.Ordinal);

    /// <summary>The slices as they are now, decoded; slices gone since the last call are forgotten.</summary>
    public IReadOnlyList<DecodedSlice> Refresh(IReadOnlyList<NodeSlice> slices)
    {
        var decoded = new List<DecodedSlice>(slices.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var slice in slices)
        {
            var name = NameOf(slice);
            seen.Add(name);
            _byName.TryGetValue(name, out var known);
            if (known is null || !known.Holds(slice))
            {
                var fresh = DecodedSlice.Of(slice);
                known = new Entry(fresh, fresh.Invalid is null ? fresh.Share : known?.LastGood);
                _byName[name] = known;
            }

            decoded.Add(known.Decoded with { Slice = slice });
        }

        foreach (var gone in _byName.Keys.Where(n => !seen.Contains(n)).ToList()) _byName.Remove(gone);
        return decoded;
    }

    /// <summary>
    /// The node's desired state from the slices <see cref="Refresh"/> returned: each slice's share, or its last good
    /// one while it does not decode. A slice that never decoded is left out whole and named in <paramref name="problems"/>.
    /// </summary>
    public NodeDesiredState Merge(IReadOnlyList<DecodedSlice> slices, ICollection<string> problems)
    {
        var node = new NodeStateBuilder();
        foreach (var slice in slices)
        {
            if (slice.Invalid is null)
            {
                node.Add(slice.Share);
                continue;
            }

            var name = NameOf(slice.Slice);
            if (_byName[name].LastGood is { } lastGood) node.Add(lastGood);
            else problems.Add($"NodeSlice {name}: {slice.Invalid}");
        }

        return node.Build();
    }

    private static string NameOf(NodeSlice slice) => $"{slice.Metadata.Namespace}/{slice.Metadata.Name}";

    private sealed record Entry(DecodedSlice Decoded, NodeDesiredState? LastGood)
    {
        /// <summary>Whether <paramref name="slice"/> asks what the decoded one asked: same object, same generation.</summary>
        public bool Holds(NodeSlice slice) =>
            slice.Metadata.Generation is not null
            && slice.Metadata.Uid == Decoded.Slice.Metadata.Uid && slice.Metadata.Generation == Decoded.Slice.Metadata.Generation;
    }
}
