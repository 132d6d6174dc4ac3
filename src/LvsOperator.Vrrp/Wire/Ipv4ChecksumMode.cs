namespace LvsOperator.Vrrp.Wire;

/// <summary>
/// What the checksum of a VRRPv3 advertisement over IPv4 covers. IPv6 always includes the
/// pseudo-header (RFC 5798 §5.2.8); for IPv4 implementations disagree.
/// </summary>
public enum Ipv4ChecksumMode
{
    /// <summary>
    /// RFC 5798 §5.2.8 read literally: the message plus an IPv4 pseudo-header (source, destination,
    /// zero, protocol 112, VRRP length). Keepalived's default, and the form of the captured keepalived
    /// advertisement in the golden tests; the destination is the multicast group, or the peer in unicast.
    /// </summary>
    PseudoHeader,

    /// <summary>
    /// The message alone, like VRRPv2: keepalived's <c>v3_checksum_as_v2</c> option, and the form
    /// RFC 9568 §5.2.8 (which obsoletes RFC 5798) settled on. For peers that send it.
    /// </summary>
    MessageOnly,
}
