using System.Text.Json.Serialization;

namespace LvsOperator.Core.Resources;

/// <summary>
/// An active/active director's BGP intent in a NodeSlice (issue 17): the sessions and the VIP routes over them. A
/// password is a Secret key in the slice's namespace, never the password itself.
/// </summary>
public sealed record SliceBgp
{
    public IReadOnlyList<SliceBgpPeer> Peers { get; init; } = [];
    public IReadOnlyList<SliceBgpRoute> Routes { get; init; } = [];
}

public sealed record SliceBgpPeer
{
    public string Address { get; init; } = "";
    public long Asn { get; init; }

    [JsonPropertyName("localASN")]
    public long LocalAsn { get; init; }

    public int HoldTimeSeconds { get; init; }
    public bool Bfd { get; init; }
    public SecretKeyReference? PasswordSecretRef { get; init; }
}

/// <summary>A VIP announced as a host route to the peers named, with its communities and local preference.</summary>
public sealed record SliceBgpRoute
{
    public string Address { get; init; } = "";
    public IReadOnlyList<string> Peers { get; init; } = [];
    public IReadOnlyList<string> Communities { get; init; } = [];
    public long? LocalPreference { get; init; }
}
