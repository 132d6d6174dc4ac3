using System.Collections.Immutable;
using System.Net;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Validation;

namespace LvsOperator.Core.Resources;

/// <summary>A <see cref="BgpAnnouncement"/> to and from its NodeSlice form.</summary>
internal static class BgpSlices
{
    public static SliceBgp? Encode(BgpAnnouncement announcement) => announcement.IsEmpty ? null : new SliceBgp
    {
        Peers = announcement.Sessions.Values.Select(s => new SliceBgpPeer
        {
            Address = s.Peer.ToString(), Asn = s.PeerAsn, LocalAsn = s.LocalAsn, HoldTimeSeconds = s.HoldTimeSeconds, Bfd = s.Bfd,
            PasswordSecretRef = s.Password is { } p ? new SecretKeyReference { Name = p.Name, Key = p.Key } : null,
        }).ToList(),
        Routes = announcement.Routes.Values.Select(r => new SliceBgpRoute
        {
            Address = r.Vip.ToString(), Peers = r.Peers.Select(p => p.ToString()).ToList(), Communities = r.Communities.ToList(),
            LocalPreference = r.LocalPreference,
        }).ToList(),
    };

    /// <summary>
    /// The intent, checked field by field as the CRD would: its text ends up in the daemon's configuration, so a
    /// community or number that the VirtualService could not hold must not reach it through a hand-written slice.
    /// </summary>
    /// <param name="ns">The slice's namespace, where its password Secrets are.</param>
    /// <exception cref="FormatException">An address is not one, or a field is out of its range.</exception>
    public static BgpAnnouncement Decode(SliceBgp? slice, string ns)
    {
        if (slice is null) return BgpAnnouncement.Empty;
        foreach (var peer in slice.Peers)
        {
            if (peer.Asn is < 1 or > ActiveActiveValidator.MaxAsn || peer.LocalAsn is < 1 or > ActiveActiveValidator.MaxAsn)
                throw new FormatException($"bgp peer {peer.Address}: an AS number is out of range");
            if (peer.HoldTimeSeconds is < 0 or 1 or 2 or > ushort.MaxValue) throw new FormatException($"bgp peer {peer.Address}: {Messages.BgpHoldTimeRange}");
        }

        foreach (var route in slice.Routes)
        {
            if (route.Communities.FirstOrDefault(c => !ActiveActiveValidator.IsCommunity(c)) is { } bad)
                throw new FormatException($"bgp route {route.Address}: \"{bad}\": {Messages.BgpCommunityInvalid}");
            if (route.LocalPreference is < 0 or > uint.MaxValue) throw new FormatException($"bgp route {route.Address}: localPreference is out of range");
        }

        var sessions = slice.Peers.Select(p => new BgpSession(
            Address(p.Address), p.Asn, p.LocalAsn, p.HoldTimeSeconds, p.Bfd,
            p.PasswordSecretRef is { } s ? new BgpPasswordRef(ns, s.Name, s.Key) : null));
        var routes = slice.Routes.Select(r => new BgpRoute(
            Address(r.Address), BgpRoute.PeerSet(r.Peers.Select(Address)), r.Communities.ToImmutableSortedSet(StringComparer.Ordinal), r.LocalPreference));
        return new BgpAnnouncement(Unique(sessions, s => s.Peer, "peer"), Unique(routes, r => r.Vip, "route"));
    }

    private static ImmutableSortedDictionary<IPAddress, T> Unique<T>(IEnumerable<T> items, Func<T, IPAddress> key, string what)
    {
        var builder = ImmutableSortedDictionary.CreateBuilder<IPAddress, T>(BgpAnnouncement.Addresses);
        foreach (var item in items)
            if (!builder.TryAdd(key(item), item)) throw new FormatException($"bgp {what} {key(item)} is listed more than once");
        return builder.ToImmutable();
    }

    private static IPAddress Address(string text) =>
        IPAddress.TryParse(text, out var address) ? address : throw new FormatException($"\"{text}\" is not an IP address");
}
