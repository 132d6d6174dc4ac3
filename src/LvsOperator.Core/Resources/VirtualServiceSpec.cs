namespace LvsOperator.Core.Resources;

/// <summary>
/// Desired IPVS service. Either <see cref="Addresses"/> with <see cref="Port"/> (one kernel service per address)
/// or <see cref="FirewallMark"/> (one service per mark and <see cref="IpFamily"/>).
/// </summary>
public sealed record VirtualServiceSpec
{
    /// <summary>The virtual IPs (VIPs), IPv4 and/or IPv6.</summary>
    public IReadOnlyList<string>? Addresses { get; init; }

    public Protocol Protocol { get; init; } = Protocol.Tcp;

    /// <summary>0 means every port, which IPVS allows only for persistent services.</summary>
    public int? Port { get; init; }

    /// <summary>Netfilter mark selecting the packets (ipvsadm <c>-f</c>); excludes addresses and port.</summary>
    public long? FirewallMark { get; init; }

    /// <summary>Address family of a firewall-mark service.</summary>
    public IpFamily? IpFamily { get; init; }

    public Scheduler? Scheduler { get; init; }
    public Persistence? Persistence { get; init; }
    public Forwarding? Forwarding { get; init; }
    public RealServerSource? RealServers { get; init; }
    public DirectorSelection? Directors { get; init; }

    /// <summary>Agent health checks of the real servers; absent means none (every real server counts as up).</summary>
    public HealthCheck? HealthCheck { get; init; }

    /// <summary>Director failover: the directors elect the one holding the VIPs with VRRP; absent means every director holds them.</summary>
    public Failover? Failover { get; init; }

    /// <summary>Every director serves the VIPs at once, announced over BGP; exclusive with <see cref="Failover"/>.</summary>
    public ActiveActive? ActiveActive { get; init; }
}
