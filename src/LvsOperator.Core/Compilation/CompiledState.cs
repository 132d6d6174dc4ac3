using System.Collections.Immutable;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Resources;
using LvsOperator.Core.Validation;

namespace LvsOperator.Core.Compilation;

/// <summary>
/// The compiler's answer: what each node must hold, how each VirtualService fared, the share of each node's
/// state every VirtualService accounts for (<see cref="Fragments"/>, what the controller publishes), and
/// every problem found.
/// </summary>
public sealed record CompiledState(
    ImmutableSortedDictionary<string, NodeDesiredState> Nodes,
    ImmutableSortedDictionary<ResourceRef, VirtualServiceOutcome> VirtualServices,
    ImmutableSortedDictionary<ResourceRef, ImmutableSortedDictionary<string, NodeDesiredState>> Fragments,
    IReadOnlyList<Finding> Findings)
{
    /// <summary>The node's desired state; a node with no role gets an empty one, so its agent removes what it owns.</summary>
    public NodeDesiredState ForNode(string node) => Nodes.GetValueOrDefault(node, NodeDesiredState.Empty);
}
