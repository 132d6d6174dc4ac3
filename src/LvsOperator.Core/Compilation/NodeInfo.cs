using System.Net;

namespace LvsOperator.Core.Compilation;

/// <summary>A node that runs the agent, with the labels director selection matches.</summary>
public sealed record NodeInfo(string Name, IReadOnlyDictionary<string, string> Labels)
{
    /// <summary>The node's InternalIP addresses: the peers of <c>spec.failover.unicast</c>.</summary>
    public IReadOnlyList<IPAddress> Addresses { get; init; } = [];
}
