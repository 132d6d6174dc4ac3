using System.Text.Json.Serialization;

namespace LvsOperator.Core.Resources;

/// <summary>A director's VRRP router for a VirtualService's VIPs in one address family: its state, and since when.</summary>
public sealed record FailoverRouterStatus
{
    public int VirtualRouterId { get; init; }
    public IpFamily IpFamily { get; init; }
    public FailoverRouterState State { get; init; }

    /// <summary>When the router entered <see cref="State"/>, in whole seconds as metav1.Time stores it.</summary>
    [JsonConverter(typeof(MetaTimeJsonConverter))]
    public DateTimeOffset Since { get; init => field = MetaTime.Of(value); }

    /// <summary>The director (VirtualService status only; a NodeSlice names its node in the spec).</summary>
    public string? Node { get; init; }
}
