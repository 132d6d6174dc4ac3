using LvsOperator.Core.Compilation;

namespace LvsOperator.Agent;

/// <summary>This node as the compiler sees it: its name and labels.</summary>
internal static class NodeIdentity
{
    /// <exception cref="FormatException">A label is not <c>key=value</c>.</exception>
    public static NodeInfo From(AgentOptions options)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in options.NodeLabels.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var at = pair.IndexOf('=', StringComparison.Ordinal);
            if (at <= 0) throw new FormatException($"node label '{pair}' is not key=value");
            labels[pair[..at]] = pair[(at + 1)..];
        }

        return new NodeInfo(options.NodeName, labels);
    }
}
