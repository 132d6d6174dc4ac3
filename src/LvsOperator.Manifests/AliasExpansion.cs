using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LvsOperator.Manifests;

/// <summary>
/// What a document would become once its aliases are expanded, measured without expanding it: YamlDotNet
/// resolves an alias to the anchored node itself, so each distinct node is sized once (by reference) and an
/// alias bomb ("billion laughs": nine levels of ten aliases, 10^9 nodes) is refused in a few hundred steps.
/// The walk stops past <see cref="GuardedParser.MaxDepth"/>, so a chain of aliases cannot overflow the stack.
/// </summary>
internal static class AliasExpansion
{
    /// <summary>A manifest of ours with 64 static real servers, each with its own check, is a few thousand nodes.</summary>
    public const int MaxNodes = 20_000;

    /// <exception cref="YamlException">The expanded document is too large or too deep, or an alias is a cycle.</exception>
    public static void Check(YamlNode root) => Measure(root, 0, new Dictionary<YamlNode, (long, int)>(ReferenceEqualityComparer.Instance));

    /// <returns>The node's expanded size (at most MaxNodes + 1) and height.</returns>
    private static (long Size, int Height) Measure(YamlNode node, int depth, Dictionary<YamlNode, (long, int)> memo)
    {
        if (depth > GuardedParser.MaxDepth) throw new YamlException(node.Start, node.End, $"nested deeper than {GuardedParser.MaxDepth} levels once aliases are expanded");
        if (memo.TryGetValue(node, out var known))
        {
            if (known.Item1 < 0) throw new YamlException(node.Start, node.End, "an alias refers to a node that holds it");
            if (depth + known.Item2 > GuardedParser.MaxDepth) throw new YamlException(node.Start, node.End, $"nested deeper than {GuardedParser.MaxDepth} levels once aliases are expanded");
            return known;
        }

        memo[node] = (-1, 0); // in progress: meeting it again below is a cycle
        var children = node switch
        {
            YamlMappingNode map => map.Children.SelectMany(p => new[] { p.Key, p.Value }),
            YamlSequenceNode seq => seq.Children,
            _ => [],
        };
        long size = 1;
        var height = 0;
        foreach (var child in children)
        {
            var (childSize, childHeight) = Measure(child, depth + 1, memo);
            size = Math.Min(size + childSize, MaxNodes + 1L);
            height = Math.Max(height, childHeight + 1);
        }

        if (size > MaxNodes) throw new YamlException(node.Start, node.End, $"more than {MaxNodes} nodes once aliases are expanded");
        memo[node] = (size, height);
        return (size, height);
    }
}
