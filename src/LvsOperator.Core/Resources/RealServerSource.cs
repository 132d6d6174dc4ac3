namespace LvsOperator.Core.Resources;

/// <summary>Where a VirtualService's real servers come from; the sources may be combined.</summary>
public sealed record RealServerSource
{
    /// <summary>Selects <c>RealServer</c> resources in the VirtualService's namespace.</summary>
    public LabelSelector? Selector { get; init; }

    /// <summary>A Kubernetes Service whose EndpointSlices supply the real servers.</summary>
    public ServiceReference? Service { get; init; }

    /// <summary>Real servers listed in place, as a keepalived <c>real_server</c> block lists them.</summary>
    public IReadOnlyList<RealServerSpec>? Static { get; init; }
}
