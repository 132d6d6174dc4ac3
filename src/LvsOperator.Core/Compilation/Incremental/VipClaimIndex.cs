using LvsOperator.Core.Kernel;
using LvsOperator.Core.Resources;
using LvsOperator.Core.Validation;

namespace LvsOperator.Core.Compilation.Incremental;

/// <summary>
/// Who owns each kernel service, kept across passes. A claim conflicts only with claims on the same keys, so a
/// change settles again only the VirtualServices linked to it through shared keys (its component), with the same
/// rule <see cref="VipClaims"/> applies to the whole cluster: the oldest wins, a loser claims nothing.
/// </summary>
internal sealed class VipClaimIndex
{
    private readonly Dictionary<ServiceKey, HashSet<ResourceRef>> _byKey = [];
    private readonly Dictionary<ResourceRef, List<ServiceKey>> _keys = [];
    private readonly HashSet<ResourceRef> _winners = [];
    private readonly Dictionary<ResourceRef, List<Finding>> _conflicts = [];

    public bool Wins(ResourceRef vs) => _winners.Contains(vs);

    /// <summary>It claims (valid, not being deleted) and lost.</summary>
    public bool Loses(ResourceRef vs) => _keys.ContainsKey(vs) && !_winners.Contains(vs);

    public IReadOnlyList<Finding> ConflictsOf(ResourceRef vs) => _conflicts.TryGetValue(vs, out var found) ? found : [];

    /// <summary>
    /// Takes the new claims (<c>null</c>: it claims nothing any more) and settles their components again;
    /// returns every VirtualService whose standing may have changed.
    /// </summary>
    public HashSet<ResourceRef> Update(IEnumerable<(ResourceRef Self, VirtualService? Claimant)> changes, Func<ResourceRef, VirtualService> lookup)
    {
        var seeds = new HashSet<ServiceKey>();
        var affected = new HashSet<ResourceRef>();
        foreach (var (self, claimant) in changes)
        {
            affected.Add(self);
            if (_keys.Remove(self, out var old))
            {
                foreach (var key in old) Release(key, self);
                seeds.UnionWith(old);
                _winners.Remove(self);
                _conflicts.Remove(self);
            }

            if (claimant is null) continue;
            var keys = VipClaims.KeysOf(claimant).ToList();
            _keys[self] = keys;
            foreach (var key in keys) Claimants(key).Add(self);
            seeds.UnionWith(keys);
        }

        var component = Component(seeds);
        affected.UnionWith(component);
        var findings = new List<Finding>();
        var (winners, _) = VipClaims.Resolve(component.Select(lookup), findings);
        foreach (var member in component)
        {
            _winners.Remove(member);
            _conflicts.Remove(member);
        }

        _winners.UnionWith(winners.Select(ResourceRef.Of));
        foreach (var group in findings.GroupBy(f => f.Resource)) _conflicts[group.Key] = group.ToList();
        return affected;
    }

    /// <summary>Every claimant reachable from <paramref name="seeds"/> through keys claimed by more than one.</summary>
    private HashSet<ResourceRef> Component(HashSet<ServiceKey> seeds)
    {
        var members = new HashSet<ResourceRef>();
        var visited = new HashSet<ServiceKey>();
        var pending = new Stack<ServiceKey>(seeds);
        while (pending.TryPop(out var key))
        {
            if (!visited.Add(key) || !_byKey.TryGetValue(key, out var claimants)) continue;
            foreach (var claimant in claimants.Where(members.Add))
                foreach (var next in _keys[claimant]) pending.Push(next);
        }

        return members;
    }

    private HashSet<ResourceRef> Claimants(ServiceKey key) => _byKey.TryGetValue(key, out var set) ? set : _byKey[key] = [];

    private void Release(ServiceKey key, ResourceRef self)
    {
        if (!_byKey.TryGetValue(key, out var set)) return;
        set.Remove(self);
        if (set.Count == 0) _byKey.Remove(key);
    }
}
