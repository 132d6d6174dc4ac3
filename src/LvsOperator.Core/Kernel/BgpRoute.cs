using System.Collections.Immutable;
using System.Net;

namespace LvsOperator.Core.Kernel;

/// <summary>A VIP a director announces as a host route, to the peers listed, with the attributes of its VirtualService.</summary>
public sealed record BgpRoute(
    IPAddress Vip, ImmutableSortedSet<IPAddress> Peers, ImmutableSortedSet<string> Communities, long? LocalPreference)
{
    /// <summary>Peers compare by <see cref="AddressOrder"/>, communities ordinally: the same intent is the same bytes.</summary>
    public static ImmutableSortedSet<IPAddress> PeerSet(IEnumerable<IPAddress> peers) => peers.ToImmutableSortedSet(BgpAnnouncement.Addresses);

    public bool Equals(BgpRoute? other) =>
        other is not null && Vip.Equals(other.Vip) && Peers.SequenceEqual(other.Peers) && Communities.SequenceEqual(other.Communities)
        && LocalPreference == other.LocalPreference;

    public override int GetHashCode() => HashCode.Combine(Vip, Peers.Count, Communities.Count, LocalPreference);
}
