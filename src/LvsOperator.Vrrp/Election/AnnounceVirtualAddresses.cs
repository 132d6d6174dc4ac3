using System.Collections.Immutable;
using System.Net;

namespace LvsOperator.Vrrp.Election;

/// <summary>
/// Send <see cref="Count"/> gratuitous ARPs (IPv4, <see cref="Announcements.GratuitousArp"/>) or
/// unsolicited Neighbor Advertisements (IPv6, <see cref="Announcements.UnsolicitedNeighborAdvertisement"/>)
/// for each address, back to back. <see cref="IsRepeat"/> marks the second burst a few seconds
/// after becoming master, for neighbours that missed the first.
/// </summary>
public sealed record AnnounceVirtualAddresses(ImmutableArray<IPAddress> Addresses, int Count, bool IsRepeat) : VrrpCommand;
