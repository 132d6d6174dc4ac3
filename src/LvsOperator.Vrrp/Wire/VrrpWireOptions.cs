namespace LvsOperator.Vrrp.Wire;

/// <summary>How strictly <see cref="VrrpPacket.TryDecode"/> checks what arrives.</summary>
public sealed record VrrpWireOptions
{
    /// <summary>RFC 5798 defaults: pseudo-header checksum over IPv4, hop limit 255 required.</summary>
    public static VrrpWireOptions Default { get; } = new();

    /// <summary>The IPv4 checksum form this side sends and accepts.</summary>
    public Ipv4ChecksumMode Ipv4Checksum { get; init; } = Ipv4ChecksumMode.PseudoHeader;

    /// <summary>
    /// Require TTL / hop limit 255 (RFC 5798 §7.1). Keepalived skips this for unicast peers, whose
    /// packets may be routed; the instance does the same.
    /// </summary>
    public bool RequireHopLimit255 { get; init; } = true;
}
