using System.Collections.Immutable;
using System.Net;

namespace LvsOperator.Vrrp.Election;

/// <summary>
/// Send <see cref="Count"/> gratuitous ARPs (IPv4, <see cref="Announcements.GratuitousArp"/>) or
/// unsolicited Neighbor Advertisements (IPv6, <see cref="Announcements.UnsolicitedNeighborAdvertisement"/>)
/// for each address, back to back. <see cref="IsRepeat"/> marks a burst from a master already holding the
/// addresses: the second one a few seconds after becoming master, for neighbours that missed the first, or the
/// answer to a lower-priority advertisement (<see cref="LowerPriorityAdvertisementAnswered"/>).
/// </summary>
public sealed record AnnounceVirtualAddresses(ImmutableArray<IPAddress> Addresses, int Count, bool IsRepeat) : VrrpCommand;
