using LvsOperator.Core.Resources;
using LvsOperator.Core.Validation;

namespace LvsOperator.Core.Compilation.Incremental;

/// <summary>
/// The virtual routers accepted VirtualServices share, kept across passes: a change settles again only the
/// group of its VRID (old and new), with <see cref="FailoverRouters"/>' rule for the whole cluster.
/// </summary>
internal sealed class FailoverIndex
{
    private readonly Dictionary<int, HashSet<ResourceRef>> _members = [];
    private readonly Dictionary<ResourceRef, int> _routerOf = [];
    private readonly Dictionary<ResourceRef, Failover> _settings = [];
    private readonly Dictionary<ResourceRef, List<Finding>> _findings = [];

    public Failover? SettingsOf(ResourceRef vs) => _settings.GetValueOrDefault(vs);

    public IReadOnlyList<Finding> FindingsOf(ResourceRef vs) => _findings.TryGetValue(vs, out var found) ? found : [];

    /// <summary>Takes each VirtualService's membership (<c>null</c>: not an accepted one with <c>spec.failover</c>); returns the members of every group settled again.</summary>
    public HashSet<ResourceRef> Update(IEnumerable<(ResourceRef Self, VirtualService? Member)> changes, Func<ResourceRef, VirtualService> lookup)
    {
        var routers = new HashSet<int>();
        foreach (var (self, member) in changes)
        {
            if (_routerOf.Remove(self, out var old))
            {
                _members[old].Remove(self);
                routers.Add(old);
            }

            _settings.Remove(self);
            _findings.Remove(self);
            if (member?.Spec.Failover is not { } failover) continue;
            _routerOf[self] = failover.VirtualRouterId;
            (_members.TryGetValue(failover.VirtualRouterId, out var set) ? set : _members[failover.VirtualRouterId] = []).Add(self);
            routers.Add(failover.VirtualRouterId);
        }

        var affected = new HashSet<ResourceRef>();
        foreach (var router in routers)
        {
            if (!_members.TryGetValue(router, out var members)) continue;
            if (members.Count == 0)
            {
                _members.Remove(router);
                continue;
            }

            var findings = new List<Finding>();
            foreach (var (self, settings) in FailoverRouters.Resolve(members.Select(lookup), findings)) _settings[self] = settings;
            foreach (var member in members) _findings.Remove(member);
            foreach (var group in findings.GroupBy(f => f.Resource)) _findings[group.Key] = group.ToList();
            affected.UnionWith(members);
        }

        return affected;
    }
}
