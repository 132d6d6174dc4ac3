using System.Net;
using LvsOperator.Core.Resources;
using LvsOperator.Core.Validation;

namespace LvsOperator.Core.Compilation.Incremental;

/// <summary>
/// Which active/active VirtualServices a VRRP-failover VirtualService holds a VIP of (both cannot be true: the
/// active/active one is refused, <see cref="ActiveActiveIntent.HeldByVrrp"/>' rule), kept across passes: a change
/// settles again only the active/active VirtualServices on the addresses it had or has.
/// </summary>
internal sealed class VrrpHoldIndex
{
    private readonly Dictionary<IPAddress, HashSet<ResourceRef>> _vrrp = [];
    private readonly Dictionary<IPAddress, HashSet<ResourceRef>> _active = [];
    private readonly Dictionary<ResourceRef, (VirtualService Vs, List<IPAddress> Vips)> _members = [];
    private readonly Dictionary<ResourceRef, List<Finding>> _findings = [];

    /// <summary>It is active/active and refused for a VIP that VRRP holds.</summary>
    public bool Holds(ResourceRef vs) => _findings.ContainsKey(vs);

    public IReadOnlyList<Finding> FindingsOf(ResourceRef vs) => _findings.TryGetValue(vs, out var found) ? found : [];

    /// <summary>
    /// Takes each VirtualService as a candidate (<c>null</c>: invalid, being deleted or gone); returns the
    /// active/active ones whose refusal or findings changed, and every one changed.
    /// </summary>
    public HashSet<ResourceRef> Update(IEnumerable<(ResourceRef Self, VirtualService? Candidate)> changes)
    {
        var addresses = new HashSet<IPAddress>();
        var affected = new HashSet<ResourceRef>();
        foreach (var (self, candidate) in changes)
        {
            affected.Add(self);
            if (_members.Remove(self, out var old))
            {
                foreach (var vip in old.Vips) Release(old.Vs.Spec.Failover is not null ? _vrrp : _active, vip, self);
                addresses.UnionWith(old.Vips);
            }

            if (candidate is null || (candidate.Spec.Failover is null && candidate.Spec.ActiveActive is null)) continue;
            var vips = ActiveActiveIntent.Vips(candidate).Distinct().ToList();
            _members[self] = (candidate, vips);
            var index = candidate.Spec.Failover is not null ? _vrrp : _active;
            foreach (var vip in vips) (index.TryGetValue(vip, out var set) ? set : index[vip] = []).Add(self);
            addresses.UnionWith(vips);
        }

        var settle = new HashSet<ResourceRef>(affected);
        foreach (var address in addresses)
            if (_active.TryGetValue(address, out var active)) settle.UnionWith(active);
        foreach (var self in settle)
            if (Settle(self)) affected.Add(self);
        return affected;
    }

    private bool Settle(ResourceRef self)
    {
        var had = _findings.Remove(self, out var before);
        if (!_members.TryGetValue(self, out var member) || member.Vs.Spec.ActiveActive is null) return had;
        var findings = ActiveActiveIntent.HeldFindings(member.Vs, _vrrp.ContainsKey);
        if (findings.Count > 0) _findings[self] = findings;
        return !(before ?? []).SequenceEqual(findings);
    }

    private static void Release(Dictionary<IPAddress, HashSet<ResourceRef>> index, IPAddress vip, ResourceRef self)
    {
        if (!index.TryGetValue(vip, out var set)) return;
        set.Remove(self);
        if (set.Count == 0) index.Remove(vip);
    }
}
