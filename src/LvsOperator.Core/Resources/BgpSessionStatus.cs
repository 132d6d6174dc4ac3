using System.Text.Json.Serialization;

namespace LvsOperator.Core.Resources;

/// <summary>One of a director's BGP sessions in one address family as its daemon reports it (issue 17).</summary>
public sealed record BgpSessionStatus
{
    public string Peer { get; init; } = "";

    /// <summary>The daemon's family key: <c>ipv4Unicast</c>, <c>ipv6Unicast</c>.</summary>
    public string Family { get; init; } = "";

    /// <summary>The RFC 4271 §8.2.2 state name: Idle, Connect, Active, OpenSent, OpenConfirm, Established.</summary>
    public string State { get; init; } = "";

    public bool Established { get; init; }

    /// <summary>When the session came up, in whole seconds as metav1.Time stores it; absent while it is not established.</summary>
    [JsonConverter(typeof(MetaTimeJsonConverter))]
    public DateTimeOffset? Since { get; init => field = value is { } time ? MetaTime.Of(time) : null; }

    /// <summary>Prefixes the director advertises on the session (all of the node's VIPs, not only this slice's).</summary>
    public long PrefixesAdvertised { get; init; }
}
