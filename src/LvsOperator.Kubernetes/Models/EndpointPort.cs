using LvsOperator.Core.Resources;

namespace LvsOperator.Kubernetes.Models;

/// <summary>A port of an EndpointSlice or of a core/v1 Endpoints subset (the same shape in both).</summary>
public sealed record EndpointPort
{
    public string? Name { get; init; }

    /// <summary>Absent in an EndpointSlice means all ports.</summary>
    public int? Port { get; init; }

    public Protocol Protocol { get; init; } = Protocol.Tcp;
}
