using System.Net;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Resources;
using LvsOperator.Core.Validation;

namespace LvsOperator.Core.Compilation.Incremental;

/// <summary>
/// The BGP sessions accepted active/active VirtualServices share, kept across passes: a peer address is one
/// session per director, and its oldest definition decides (<see cref="ActiveActiveIntent.Sessions"/>' rule). A
/// change settles again only the definers of the peer addresses it had or has, and reports those whose peers or
/// findings came out different.
/// </summary>
internal sealed class BgpSessionIndex
{
    private static readonly IComparer<VirtualService> OldestFirst =
        Comparer<VirtualService>.Create((a, b) => ActiveActiveIntent.Age(a).CompareTo(ActiveActiveIntent.Age(b)) is var c and not 0 ? c : ResourceRef.Of(a).CompareTo(ResourceRef.Of(b)));

    private readonly Dictionary<IPAddress, SortedSet<VirtualService>> _definers = [];
    private readonly Dictionary<ResourceRef, (VirtualService Vs, List<(BgpPeer Peer, BgpSession Session)> Own)> _members = [];
    private readonly Dictionary<ResourceRef, List<(BgpPeer Peer, BgpSession Session)>> _peers = [];
    private readonly Dictionary<ResourceRef, List<Finding>> _findings = [];

    /// <summary>Its peers with the session each runs (<c>null</c>: not an accepted active/active VirtualService with BGP).</summary>
    public IReadOnlyList<(BgpPeer Peer, BgpSession Session)>? PeersOf(ResourceRef vs) => _peers.GetValueOrDefault(vs);

    public IReadOnlyList<Finding> FindingsOf(ResourceRef vs) => _findings.TryGetValue(vs, out var found) ? found : [];

    /// <summary>Takes each VirtualService's membership (<c>null</c>: not an accepted one); returns those whose peers or findings changed.</summary>
    public HashSet<ResourceRef> Update(IEnumerable<(ResourceRef Self, VirtualService? Member)> changes)
    {
        var addresses = new HashSet<IPAddress>();
        var affected = new HashSet<ResourceRef>();
        foreach (var (self, member) in changes)
        {
            affected.Add(self);
            if (_members.Remove(self, out var old))
            {
                foreach (var (_, session) in old.Own) Release(session.Peer, old.Vs);
                addresses.UnionWith(old.Own.Select(o => o.Session.Peer));
            }

            if (member?.Spec.ActiveActive?.Bgp is null) continue;
            var own = ActiveActiveIntent.OwnSessions(member);
            _members[self] = (member, own);
            foreach (var (_, session) in own)
                (_definers.TryGetValue(session.Peer, out var set) ? set : _definers[session.Peer] = new SortedSet<VirtualService>(OldestFirst)).Add(member);
            addresses.UnionWith(own.Select(o => o.Session.Peer));
        }

        var settle = new HashSet<ResourceRef>(affected);
        foreach (var address in addresses)
            if (_definers.TryGetValue(address, out var definers)) settle.UnionWith(definers.Select(ResourceRef.Of));
        foreach (var self in settle)
            if (Settle(self)) affected.Add(self);
        return affected;
    }

    /// <summary>Settles one VirtualService's peers again; whether they or its findings changed.</summary>
    private bool Settle(ResourceRef self)
    {
        var hadPeers = _peers.Remove(self, out var before);
        var hadFindings = _findings.Remove(self, out var beforeFindings);
        if (!_members.TryGetValue(self, out var member)) return hadPeers || hadFindings;

        var findings = new List<Finding>();
        var peers = ActiveActiveIntent.Settle(member.Vs, member.Own, First, findings);
        _peers[self] = peers;
        if (findings.Count > 0) _findings[self] = findings;
        return !hadPeers || !before!.SequenceEqual(peers) || !(beforeFindings ?? []).SequenceEqual(findings);
    }

    private (ResourceRef Owner, BgpSession Session) First(IPAddress address)
    {
        var oldest = _definers[address].Min!;
        return (ResourceRef.Of(oldest), _members[ResourceRef.Of(oldest)].Own.First(o => o.Session.Peer.Equals(address)).Session);
    }

    private void Release(IPAddress address, VirtualService vs)
    {
        if (!_definers.TryGetValue(address, out var set)) return;
        set.Remove(vs);
        if (set.Count == 0) _definers.Remove(address);
    }
}
