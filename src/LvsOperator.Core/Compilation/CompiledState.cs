using System.Collections.Immutable;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Resources;
using LvsOperator.Core.Validation;

namespace LvsOperator.Core.Compilation;

/// <summary>
/// The compiler's answer: how each VirtualService fared, the share of each node's state every VirtualService
/// accounts for (<see cref="Fragments"/>, what the controller publishes), and every problem found. A node's
/// whole state is the union of its shares, made only when asked: the controller never needs it.
/// </summary>
public sealed record CompiledState(
    ImmutableSortedDictionary<ResourceRef, VirtualServiceOutcome> VirtualServices,
    ImmutableSortedDictionary<ResourceRef, ImmutableSortedDictionary<string, NodeDesiredState>> Fragments,
    IReadOnlyList<Finding> Findings)
{
    /// <summary>Every node with a role, and its whole desired state.</summary>
    public ImmutableSortedDictionary<string, NodeDesiredState> Nodes => field ??= Fragments.Values
        .SelectMany(f => f.Keys).Distinct().ToImmutableSortedDictionary(n => n, ForNode, StringComparer.Ordinal);

    /// <summary>The node's desired state; a node with no role gets an empty one, so its agent removes what it owns.</summary>
    public NodeDesiredState ForNode(string node)
    {
        var own = Fragments.Values.Where(f => f.ContainsKey(node)).Select(f => f[node]).ToList();
        return own.Count == 0 ? NodeDesiredState.Empty : own.Aggregate(new NodeStateBuilder(), (b, share) => b.Add(share)).Build();
    }
}
