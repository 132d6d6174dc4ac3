namespace LvsOperator.Core.Resources;

/// <summary>Tunnel encapsulation for TUN (ipvsadm <c>--tun-type</c>, <c>--tun-port</c>, <c>--tun-nocsum</c>/<c>--tun-csum</c>/<c>--tun-remcsum</c>).</summary>
public sealed record Tunnel
{
    public TunnelType Type { get; init; } = TunnelType.IpIp;

    /// <summary>UDP destination port; required for GUE.</summary>
    public int? Port { get; init; }

    public TunnelChecksum Checksum { get; init; } = TunnelChecksum.None;
}
