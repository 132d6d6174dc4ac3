using LvsOperator.Core.Resources;

namespace LvsOperator.Core.Control;

/// <summary>
/// The resources keyed decisions read, one key at a time, as the controller's caches hold them at the start of a
/// pass: VirtualServices (being deleted included), RealServers, the NodeSlices published for a VirtualService with
/// the agents' reports, and the nodes that still exist.
/// </summary>
public interface IDecisionSource
{
    VirtualService? VirtualService(ResourceRef vs);

    RealServer? RealServer(ResourceRef rs);

    /// <summary>The slices published for this VirtualService, whether or not it still exists.</summary>
    IReadOnlyList<NodeSlice> SlicesOf(ResourceRef vs);

    /// <summary>Every published slice: a RealServer's health is what any director reports of its address.</summary>
    IEnumerable<NodeSlice> AllSlices();

    IReadOnlySet<string> ExistingNodes { get; }
}
