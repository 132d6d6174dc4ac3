using System.Net;

namespace LvsOperator.Core.Kernel;

/// <summary>
/// One BGP session a director holds (FRR's <c>neighbor</c>), keyed by <see cref="Peer"/>. The local AS is per
/// session: a director peering from two ASes runs one BGP instance and gives the others <c>local-as</c>.
/// </summary>
/// <param name="HoldTimeSeconds">0 (no keepalives) or 3-65535 (RFC 4271 §4.2).</param>
/// <param name="Password">The Secret key holding the TCP MD5 password, resolved by the agent; null means none.</param>
public sealed record BgpSession(IPAddress Peer, long PeerAsn, long LocalAsn, int HoldTimeSeconds, bool Bfd, BgpPasswordRef? Password);
