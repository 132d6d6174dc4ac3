using LvsOperator.Core.Resources;
using LvsOperator.Core.Validation;

namespace LvsOperator.Core.Compilation.Incremental;

/// <summary>
/// What each VirtualService's resolution found, on itself and on the RealServers it selects, and which
/// RealServers its outcome uses: a RealServer's findings and use are the sum over the VirtualServices that read it.
/// </summary>
internal sealed class RefusalIndex
{
    private readonly Dictionary<ResourceRef, List<Finding>> _by = [];
    private readonly Dictionary<ResourceRef, SortedSet<ResourceRef>> _refusers = [];
    private readonly Dictionary<ResourceRef, int> _usage = [];

    public bool Refuses(ResourceRef rs) => _refusers.ContainsKey(rs);

    public int Usage(ResourceRef rs) => _usage.GetValueOrDefault(rs);

    public IReadOnlyList<Finding> FindingsBy(ResourceRef vs) => _by.TryGetValue(vs, out var found) ? found : [];

    /// <summary>Findings on a RealServer, by the VirtualServices that found them in their order (as a whole compile resolves them).</summary>
    public IEnumerable<Finding> FindingsOn(ResourceRef rs) =>
        _refusers.TryGetValue(rs, out var by) ? by.SelectMany(vs => _by[vs].Where(f => f.Resource == rs)) : [];

    /// <summary>Replaces one VirtualService's findings; returns the RealServers whose findings changed.</summary>
    public IEnumerable<ResourceRef> SetFindings(ResourceRef vs, List<Finding> findings)
    {
        // Most VirtualServices find nothing, before or after: nothing to index or compare.
        if (findings.Count == 0 && !_by.ContainsKey(vs)) return [];
        var before = RealServersIn(FindingsBy(vs));
        var after = RealServersIn(findings);
        if (findings.Count == 0) _by.Remove(vs);
        else _by[vs] = findings;
        foreach (var rs in before.Except(after))
        {
            var set = _refusers[rs];
            set.Remove(vs);
            if (set.Count == 0) _refusers.Remove(rs);
        }

        foreach (var rs in after) (_refusers.TryGetValue(rs, out var set) ? set : _refusers[rs] = []).Add(vs);
        return before.Union(after);
    }

    /// <summary>Moves one VirtualService's use from <paramref name="before"/> to <paramref name="after"/>; returns the RealServers whose count changed.</summary>
    public IEnumerable<ResourceRef> SetUsage(ResourceRef vs, IReadOnlyList<ResourceRef> before, IReadOnlyList<ResourceRef> after)
    {
        if (before.Count == 0 && after.Count == 0) return [];
        var changed = new List<ResourceRef>();
        foreach (var rs in before.Except(after))
        {
            changed.Add(rs);
            if ((_usage[rs] -= 1) == 0) _usage.Remove(rs);
        }

        foreach (var rs in after.Except(before))
        {
            changed.Add(rs);
            _usage[rs] = _usage.GetValueOrDefault(rs) + 1;
        }

        return changed;
    }

    private static HashSet<ResourceRef> RealServersIn(IEnumerable<Finding> findings) =>
        findings.Select(f => f.Resource).Where(r => r.Kind == ResourceKinds.RealServer).ToHashSet();
}
