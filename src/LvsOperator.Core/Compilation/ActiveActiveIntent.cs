using System.Collections.Immutable;
using System.Net;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Resources;
using LvsOperator.Core.Validation;

namespace LvsOperator.Core.Compilation;

/// <summary>
/// Settles what active/active VirtualServices (issue 17) ask of each director: which of them may run at all (none
/// may share a VIP with VRRP failover), the BGP sessions (a peer address is one session per director, so the oldest
/// definition decides, as <see cref="FailoverRouters"/> does for a VRID), and each director's announcement.
/// </summary>
internal static class ActiveActiveIntent
{
    /// <summary>Active/active VirtualServices with a VIP that a VRRP-failover VirtualService holds: both cannot be true.</summary>
    public static HashSet<ResourceRef> HeldByVrrp(IReadOnlyCollection<VirtualService> candidates, List<Finding> findings)
    {
        var vrrp = candidates.Where(v => v.Spec.Failover is not null).SelectMany(Vips).ToHashSet();
        var refused = new HashSet<ResourceRef>();
        foreach (var vs in candidates.Where(v => v.Spec.ActiveActive is not null))
        {
            var held = HeldFindings(vs, vrrp.Contains);
            if (held.Count == 0) continue;
            findings.AddRange(held);
            refused.Add(ResourceRef.Of(vs));
        }

        return refused;
    }

    /// <summary>An active/active VirtualService's findings, one per address that VRRP holds: any refuses it.</summary>
    public static List<Finding> HeldFindings(VirtualService vs, Func<IPAddress, bool> heldByVrrp)
    {
        var findings = new List<Finding>();
        var addresses = vs.Spec.Addresses ?? [];
        for (var i = 0; i < addresses.Count; i++)
        {
            if (IpAddresses.TryParse(addresses[i], out var vip) && heldByVrrp(vip))
                findings.Add(new Finding(ResourceRef.Of(vs), new FieldError($"spec.addresses[{i}]", Messages.ActiveActiveVipHeldByVrrp)));
        }

        return findings;
    }

    /// <summary>Each active/active VirtualService's peers with the session each runs, oldest definition first.</summary>
    public static Dictionary<ResourceRef, IReadOnlyList<(BgpPeer Peer, BgpSession Session)>> Sessions(
        IEnumerable<VirtualService> accepted, List<Finding> findings)
    {
        var byPeer = new Dictionary<IPAddress, (ResourceRef Owner, BgpSession Session)>();
        var resolved = new Dictionary<ResourceRef, IReadOnlyList<(BgpPeer, BgpSession)>>();
        foreach (var vs in accepted.Where(v => v.Spec.ActiveActive?.Bgp is not null).OrderBy(Age).ThenBy(ResourceRef.Of))
        {
            var own = OwnSessions(vs);
            foreach (var (_, mine) in own) byPeer.TryAdd(mine.Peer, (ResourceRef.Of(vs), mine));
            resolved[ResourceRef.Of(vs)] = Settle(vs, own, address => byPeer[address], findings);
        }

        return resolved;
    }

    /// <summary>
    /// One VirtualService's peers with the session each runs, given the oldest definition of each peer address
    /// (<paramref name="first"/>); a definition that differs from it gets a finding.
    /// </summary>
    public static List<(BgpPeer Peer, BgpSession Session)> Settle(
        VirtualService vs, IReadOnlyList<(BgpPeer Peer, BgpSession Session)> own, Func<IPAddress, (ResourceRef Owner, BgpSession Session)> first, List<Finding> findings)
    {
        var peers = new List<(BgpPeer, BgpSession)>();
        for (var i = 0; i < own.Count; i++)
        {
            var (peer, mine) = own[i];
            var oldest = first(mine.Peer);
            if (oldest.Session != mine)
                findings.Add(new Finding(ResourceRef.Of(vs), new FieldError($"spec.activeActive.bgp.peers[{i}]", $"{Messages.BgpPeerConflict} ({oldest.Owner})")));
            peers.Add((peer, oldest.Session));
        }

        return peers;
    }

    /// <summary>The sessions a VirtualService's own peer definitions ask for, in their order.</summary>
    public static List<(BgpPeer Peer, BgpSession Session)> OwnSessions(VirtualService vs)
    {
        var bgp = vs.Spec.ActiveActive!.Bgp!;
        return (bgp.Peers ?? []).Select(peer => (peer, Session(vs, bgp, peer))).ToList();
    }

    /// <summary>The older of two definitions of a peer wins (then the lower reference), as for VIP claims and VRIDs.</summary>
    public static DateTimeOffset Age(VirtualService vs) => vs.Metadata.CreationTimestamp ?? DateTimeOffset.MaxValue;

    /// <summary>
    /// What <paramref name="director"/> announces for <paramref name="vs"/>: its VIPs, each to the peers of the VIP's
    /// family whose node selector matches the director (an IPv4 session carries IPv4 routes only).
    /// </summary>
    public static BgpAnnouncement For(
        VirtualService vs, NodeInfo director, IEnumerable<IPAddress> vips, IReadOnlyList<(BgpPeer Peer, BgpSession Session)> peers)
    {
        var bgp = vs.Spec.ActiveActive!.Bgp!;
        var mine = peers.Where(p => Matches(p.Peer.NodeSelector, director.Labels)).Select(p => p.Session).ToList();
        var communities = (bgp.Communities ?? []).ToImmutableSortedSet(StringComparer.Ordinal);
        var routes = vips.Distinct().Select(vip => new BgpRoute(
                vip, BgpRoute.PeerSet(mine.Where(s => s.Peer.AddressFamily == vip.AddressFamily).Select(s => s.Peer)), communities, bgp.LocalPreference))
            .Where(r => r.Peers.Count > 0);
        return new BgpAnnouncement(
            mine.ToImmutableSortedDictionary(s => s.Peer, s => s, BgpAnnouncement.Addresses),
            routes.ToImmutableSortedDictionary(r => r.Vip, r => r, BgpAnnouncement.Addresses));
    }

    private static BgpSession Session(VirtualService vs, Bgp bgp, BgpPeer peer)
    {
        // Validated before compiling: the address parses and the hold time is in range.
        var hold = ActiveActiveValidator.TryParseHoldTime(peer.HoldTime, out var parsed) ? parsed : TimeSpan.Zero;
        var password = peer.PasswordSecretRef is { } secret ? new BgpPasswordRef(vs.Metadata.Namespace ?? "", secret.Name, secret.Key) : null;
        return new BgpSession(IPAddress.Parse(peer.Address), peer.Asn, bgp.LocalAsn, (int)hold.TotalSeconds, peer.Bfd, password);
    }

    private static bool Matches(IReadOnlyDictionary<string, string>? selector, IReadOnlyDictionary<string, string> labels) =>
        (selector ?? ImmutableDictionary<string, string>.Empty).All(l => labels.TryGetValue(l.Key, out var v) && v == l.Value);

    public static IEnumerable<IPAddress> Vips(VirtualService vs) =>
        (vs.Spec.Addresses ?? []).Select(a => IpAddresses.TryParse(a, out var ip) ? ip : null).OfType<IPAddress>();
}
