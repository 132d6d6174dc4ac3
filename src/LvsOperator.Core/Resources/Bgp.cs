using System.Text.Json.Serialization;

namespace LvsOperator.Core.Resources;

/// <summary>
/// BGP announcement of an active/active VirtualService's VIPs, as host routes (/32, /128), through the daemon
/// beside each director's agent (FRR). Peers of several VirtualServices with the same address on one node are
/// one session, so they must agree on its settings.
/// </summary>
public sealed record Bgp
{
    /// <summary>The directors' own AS number (4-byte ASNs, RFC 6793).</summary>
    [JsonPropertyName("localASN")]
    public long LocalAsn { get; init; }

    /// <summary>The routers to announce to; each may apply to some directors only.</summary>
    public IReadOnlyList<BgpPeer>? Peers { get; init; }

    /// <summary>RFC 1997 communities (<c>ASN:VALUE</c>) attached to every VIP's route.</summary>
    public IReadOnlyList<string>? Communities { get; init; }

    /// <summary>LOCAL_PREF (RFC 4271 §5.1.5) for iBGP peers; eBGP peers never see it.</summary>
    public long? LocalPreference { get; init; }
}
