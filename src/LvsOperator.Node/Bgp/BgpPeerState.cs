using System.Net;

namespace LvsOperator.Node.Bgp;

/// <summary>One session as the daemon reports it, per address family: what a NodeSlice status and the metrics say.</summary>
/// <param name="Family">FRR's key: <c>ipv4Unicast</c>, <c>ipv6Unicast</c>.</param>
/// <param name="State">The RFC 4271 §8.2.2 state name (Idle, Connect, Active, OpenSent, OpenConfirm, Established).</param>
/// <param name="EstablishedSince">When the session came up; null while it is not established.</param>
public sealed record BgpPeerState(
    IPAddress Peer, string Family, string State, DateTimeOffset? EstablishedSince, long PrefixesSent, long PrefixesReceived)
{
    public bool Established => State == "Established";
}
