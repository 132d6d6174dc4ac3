namespace LvsOperator.Core.Resources;

/// <summary>
/// Which Services may take a pool's addresses (MetalLB's <c>ServiceAllocation</c>). A Service qualifies when its
/// namespace is listed or matches a namespace selector (no namespaces and no selectors: every namespace), and
/// it matches a service selector (none: every Service).
/// </summary>
public sealed record ServiceAllocation
{
    /// <summary>Lower is tried first; pools without a priority come after every pool with one.</summary>
    public int? Priority { get; init; }

    public IReadOnlyList<string>? Namespaces { get; init; }
    public IReadOnlyList<LabelSelector>? NamespaceSelectors { get; init; }
    public IReadOnlyList<LabelSelector>? ServiceSelectors { get; init; }
}
