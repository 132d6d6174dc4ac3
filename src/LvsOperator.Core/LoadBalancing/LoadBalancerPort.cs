using LvsOperator.Core.Resources;

namespace LvsOperator.Core.LoadBalancing;

/// <summary>One entry of a Service's <c>spec.ports</c>.</summary>
public sealed record LoadBalancerPort
{
    /// <summary>Required by Kubernetes when a Service has more than one port.</summary>
    public string? Name { get; init; }

    public Protocol Protocol { get; init; } = Protocol.Tcp;
    public int Port { get; init; }
}
