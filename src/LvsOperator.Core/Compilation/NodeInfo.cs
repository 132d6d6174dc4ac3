using System.Net;

namespace LvsOperator.Core.Compilation;

/// <summary>A node that runs the agent, with the labels director selection matches.</summary>
public sealed record NodeInfo(string Name, IReadOnlyDictionary<string, string> Labels)
{
    /// <summary>The node's InternalIP addresses: the peers of <c>spec.failover.unicast</c>.</summary>
    public IReadOnlyList<IPAddress> Addresses { get; init; } = [];

    /// <summary>Cordoned (<c>kubectl cordon</c>, and so <c>kubectl drain</c>): an active/active director withdraws its VIPs.</summary>
    public bool Unschedulable { get; init; }

    /// <summary>
    /// The well-known label with which Kubernetes takes a node out of external load balancers (MetalLB honours it too):
    /// an active/active director with it announces nothing.
    /// </summary>
    public const string ExcludeFromLoadBalancers = "node.kubernetes.io/exclude-from-external-load-balancers";

    /// <summary>The node must not take new flows from the router (issue 17): cordoned or excluded.</summary>
    public bool Drained => Unschedulable || Labels.ContainsKey(ExcludeFromLoadBalancers);
}
