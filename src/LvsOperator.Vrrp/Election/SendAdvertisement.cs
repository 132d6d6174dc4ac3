using System.Net;
using LvsOperator.Vrrp.Wire;

namespace LvsOperator.Vrrp.Election;

/// <summary>
/// Send one advertisement with IP protocol 112 and TTL / hop limit 255 from the configured primary
/// address. <see cref="Payload"/> is the encoded VRRP message for exactly this destination (the
/// checksum covers it); <see cref="Advertisement"/> is what it says.
/// </summary>
public sealed record SendAdvertisement(IPAddress Destination, VrrpAdvertisement Advertisement, ReadOnlyMemory<byte> Payload) : VrrpCommand;
