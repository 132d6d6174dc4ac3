namespace LvsOperator.Core.Resources;

/// <summary>Forwarding method, and the tunnel encapsulation when the method is TUN.</summary>
public sealed record Forwarding
{
    public ForwardingMethod Method { get; init; } = ForwardingMethod.DirectRouting;
    public Tunnel? Tunnel { get; init; }
}
