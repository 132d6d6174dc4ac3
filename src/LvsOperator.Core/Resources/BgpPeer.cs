namespace LvsOperator.Core.Resources;

/// <summary>One BGP neighbour of the directors (FRR's <c>neighbor ADDRESS remote-as ASN</c>).</summary>
public sealed record BgpPeer
{
    public const string DefaultHoldTime = "90s";

    public string Address { get; init; } = "";

    /// <summary>The peer's AS number; equal to the local one makes the session iBGP.</summary>
    public long Asn { get; init; }

    /// <summary>TCP MD5 password (RFC 2385) from a Secret in the VirtualService's namespace; absent means none.</summary>
    public SecretKeyReference? PasswordSecretRef { get; init; }

    /// <summary>Go duration in whole seconds: 0s (no keepalives) or 3s to 65535s (RFC 4271 §4.2); keepalive is a third of it.</summary>
    public string HoldTime { get; init; } = DefaultHoldTime;

    /// <summary>Bidirectional Forwarding Detection (RFC 5880) on the session, so the router drops a dead director in under a second.</summary>
    public bool Bfd { get; init; }

    /// <summary>Directors whose node labels match all of these peer with this router; absent means every director.</summary>
    public IReadOnlyDictionary<string, string>? NodeSelector { get; init; }
}
