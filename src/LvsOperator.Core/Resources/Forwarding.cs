namespace LvsOperator.Core.Resources;

/// <summary>Forwarding method, and the tunnel encapsulation when the method is TUN.</summary>
public sealed record Forwarding
{
    public ForwardingMethod Method { get; init; } = ForwardingMethod.DirectRouting;
    public Tunnel? Tunnel { get; init; }

    /// <summary>
    /// Source NAT of the service's NAT connections; absent means <see cref="Resources.SourceNat.Auto"/>. Set on
    /// the VirtualService only: one rule per IPVS service decides it, not each real server.
    /// </summary>
    public SourceNat? SourceNat { get; init; }
}
