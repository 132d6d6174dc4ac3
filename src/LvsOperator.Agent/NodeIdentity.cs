using LvsOperator.Core.Compilation;
using LvsOperator.Core.Resources;

namespace LvsOperator.Agent;

/// <summary>This node as the compiler sees it: its name and labels.</summary>
internal static class NodeIdentity
{
    /// <exception cref="FormatException">A label is not <c>key=value</c>.</exception>
    public static NodeInfo From(AgentOptions options) => new(options.NodeName, LabelText.Parse(options.NodeLabels));
}
