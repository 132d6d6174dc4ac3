using System.Net;

namespace LvsOperator.Vrrp.Wire;

/// <summary>
/// The IP-layer facts of a received advertisement that RFC 5798 §7.1 checks, as the socket adapter
/// reads them (IPv4 header, or IPV6_RECVHOPLIMIT and the packet info for IPv6).
/// </summary>
/// <param name="Source">The sender's address: its primary IPv4 or link-local IPv6 address.</param>
/// <param name="Destination">The multicast group, or this node's address for a unicast peer.</param>
/// <param name="Protocol">IPv4 protocol / IPv6 next header; VRRP is 112.</param>
/// <param name="HopLimit">IPv4 TTL / IPv6 hop limit; a sender on the link sets 255.</param>
public readonly record struct VrrpIpHeader(IPAddress Source, IPAddress Destination, byte Protocol, byte HopLimit);
