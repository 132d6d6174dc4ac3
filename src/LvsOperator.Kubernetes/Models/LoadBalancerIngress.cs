using System.Text.Json.Serialization;

namespace LvsOperator.Kubernetes.Models;

/// <summary>
/// core/v1 LoadBalancerIngress. <c>ipMode: VIP</c> (KEP-1860) tells kube-proxy the address is delivered to the
/// node with its destination unchanged, as IPVS on a director does; <c>Proxy</c> would mean a rewriting proxy.
/// </summary>
public sealed record LoadBalancerIngress
{
    public const string ModeVip = "VIP";

    [JsonPropertyName("ip")]
    public string? Ip { get; init; }

    public string? Hostname { get; init; }

    public string? IpMode { get; init; }
}
