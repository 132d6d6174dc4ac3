using System.Collections.Immutable;
using System.Net;

namespace LvsOperator.Vrrp.Wire;

/// <summary>
/// The fields of a VRRPv3 ADVERTISEMENT (RFC 5798 §5.1); version and type are implied, the
/// checksum belongs to the encoding and the address family to the IP header.
/// </summary>
/// <param name="VirtualRouterId">VRID, 1–255 (§5.2.3).</param>
/// <param name="Priority">0 = the master is leaving, 1–254 = backup-capable, 255 = address owner (§5.2.4).</param>
/// <param name="MaxAdvertiseInterval">The sender's advertisement interval in centiseconds, 12 bits (§5.2.7).</param>
/// <param name="Addresses">The virtual router's IPv4 or IPv6 addresses (§5.2.9).</param>
public sealed record VrrpAdvertisement(
    byte VirtualRouterId,
    byte Priority,
    ushort MaxAdvertiseInterval,
    ImmutableArray<IPAddress> Addresses)
{
    /// <summary>The interval as a duration.</summary>
    public TimeSpan Interval => VrrpPacket.FromCentiseconds(MaxAdvertiseInterval);
}
