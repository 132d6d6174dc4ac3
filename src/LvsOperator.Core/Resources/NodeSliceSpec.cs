namespace LvsOperator.Core.Resources;

/// <summary>
/// Kernel objects for one node from one VirtualService. A VirtualService with many real servers spreads
/// its destinations over several slices for the same node; the first slice also carries the addresses,
/// links and sysctls.
/// </summary>
public sealed record NodeSliceSpec
{
    /// <summary>The node whose agent applies this slice (a selectable field: agents watch only their own).</summary>
    public string NodeName { get; init; } = "";

    /// <summary>The VirtualService, in this namespace, the slice was compiled from.</summary>
    public string VirtualService { get; init; } = "";

    public IReadOnlyList<SliceService> Services { get; init; } = [];
    public IReadOnlyList<SliceAddress> Addresses { get; init; } = [];
    public IReadOnlyList<SliceLink> Links { get; init; } = [];
    public IReadOnlyList<SliceSysctl> Sysctls { get; init; } = [];

    /// <summary>Virtual routers whose VIPs (of this slice's VirtualService) the node holds only while it is master.</summary>
    public IReadOnlyList<FailoverSlice> Failover { get; init; } = [];

    /// <summary>GUE receive ports the node opens as a TUN real server of this slice's VirtualService.</summary>
    public IReadOnlyList<SliceGuePort> GuePorts { get; init; } = [];

    /// <summary>The BGP sessions and VIP routes of an active/active director (issue 17); absent elsewhere.</summary>
    public SliceBgp? Bgp { get; init; }
}

/// <summary>An IPVS service: a protocol, address and port, or a firewall mark and family.</summary>
public sealed record SliceService
{
    public Protocol? Protocol { get; init; }
    public string? Address { get; init; }
    public int? Port { get; init; }
    public long? FirewallMark { get; init; }
    public IpFamily? IpFamily { get; init; }
    public string Scheduler { get; init; } = "";

    /// <summary>ip_vs.h service flag bits (IP_VS_SVC_F_*).</summary>
    public long Flags { get; init; }

    public SlicePersistence? Persistence { get; init; }

    /// <summary>The VirtualService's health check; the director's agent runs it.</summary>
    public HealthCheck? HealthCheck { get; init; }

    /// <summary>True when the director masquerades this service's NAT connections (absent: it does not).</summary>
    public bool? SourceNat { get; init; }

    public IReadOnlyList<SliceDestination> Destinations { get; init; } = [];
}

public sealed record SlicePersistence
{
    public long TimeoutSeconds { get; init; }
    public int PrefixLength { get; init; }
    public string? Engine { get; init; }
}

public sealed record SliceDestination
{
    public string Address { get; init; } = "";
    public int Port { get; init; }
    public ForwardingMethod Forwarding { get; init; }
    public int Weight { get; init; }
    public long? UpperThreshold { get; init; }
    public long? LowerThreshold { get; init; }
    public Tunnel? Tunnel { get; init; }

    /// <summary>The RealServer's override of the service's health check.</summary>
    public HealthCheckOverride? HealthCheck { get; init; }
}

/// <summary>A VIP: a host address on a named interface.</summary>
public sealed record SliceAddress
{
    public string Interface { get; init; } = "";
    public string Address { get; init; } = "";
}

public sealed record SliceLink
{
    public string Name { get; init; } = "";

    /// <summary><c>Dummy</c>: the agent creates it; <c>Existing</c>: the kernel does, the agent brings it up.</summary>
    public string Kind { get; init; } = "";
}

/// <summary>A GUE receive port: the UDP port and the family of the outer header (the real server's address).</summary>
public sealed record SliceGuePort
{
    public int Port { get; init; }
    public IpFamily IpFamily { get; init; }
}

public sealed record SliceSysctl
{
    public string Name { get; init; } = "";
    public string Value { get; init; } = "";
}
