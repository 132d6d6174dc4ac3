namespace LvsOperator.Core.Resources;

/// <summary>
/// Director failover for a VirtualService's VIPs (issue 7): the directors elect a master with VRRP version 3
/// (RFC 5798) and only the master holds the VIPs; the IPVS table stays programmed on every director.
/// VirtualServices naming the same <see cref="VirtualRouterId"/> move together, as one keepalived
/// <c>vrrp_instance</c> with all their addresses.
/// </summary>
public sealed record Failover
{
    public const int DefaultPriority = 100;
    public const string DefaultAdvertisementInterval = "1s";
    public const string DefaultPreemptDelay = "0s";

    /// <summary>VRID, 1-255: one virtual router per link, shared by every director of it (and a keepalived peer).</summary>
    public int VirtualRouterId { get; init; }

    /// <summary>1-254, higher wins the election; a node listed in <see cref="NodePriorities"/> uses its own.</summary>
    public int Priority { get; init; } = DefaultPriority;

    /// <summary>Per-node priorities (1-254) by node name, overriding <see cref="Priority"/>.</summary>
    public IReadOnlyDictionary<string, int>? NodePriorities { get; init; }

    /// <summary>Go duration between the master's advertisements, 10ms-40950ms in whole centiseconds (RFC 5798 §5.2.7).</summary>
    public string AdvertisementInterval { get; init; } = DefaultAdvertisementInterval;

    /// <summary>A higher-priority backup takes over from a lower-priority master (RFC 5798 Preempt_Mode).</summary>
    public bool Preempt { get; init; } = true;

    /// <summary>Go duration a recovering higher-priority node waits before it preempts (keepalived's <c>preempt_delay</c>).</summary>
    public string PreemptDelay { get; init; } = DefaultPreemptDelay;

    /// <summary>The master runs the IPVS connection-sync daemon as master and the backups as backup.</summary>
    public bool ConnectionSync { get; init; } = true;

    /// <summary>The interface advertisements go out on; absent means the agent's own choice.</summary>
    public string? Interface { get; init; }

    /// <summary>Peers for networks without multicast: advertisements go to each of them (the node skips its own address).</summary>
    public IReadOnlyList<string>? UnicastPeers { get; init; }

    /// <summary>
    /// Advertise to the other directors instead of multicast, at their nodes' InternalIP addresses; explicit
    /// <see cref="UnicastPeers"/> take precedence (and are the only way without Kubernetes Node objects).
    /// </summary>
    public bool Unicast { get; init; }
}
