using LvsOperator.Core.Compilation;
using LvsOperator.Core.Resources;

namespace LvsOperator.Core.Control;

/// <summary>
/// What the controller decides from, read from its caches at one moment: the resources (VirtualServices
/// being deleted included), the director-capable nodes with their labels, the NodeSlices it published
/// with the agents' reports, and which nodes still exist.
/// </summary>
public sealed record ControllerInput(
    ClusterSnapshot Cluster,
    IReadOnlyList<NodeSlice> Slices,
    IReadOnlySet<string> ExistingNodes,
    DateTimeOffset Now);
