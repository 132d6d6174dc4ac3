using LvsOperator.Core.Resources;

namespace LvsOperator.Core.LoadBalancing;

/// <summary>A snapshot of everything allocation reads; the order of the lists does not matter.</summary>
public sealed record AllocationInput
{
    public IReadOnlyList<AddressPool> Pools { get; init; } = [];

    /// <summary>The LoadBalancer Services of our class, with their current <c>status.loadBalancer.ingress</c>.</summary>
    public IReadOnlyList<LoadBalancerService> Services { get; init; } = [];

    /// <summary>Labels of each namespace, for <c>namespaceSelectors</c>; a namespace absent here has no labels.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> NamespaceLabels { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, string>>();
}
