namespace LvsOperator.Core.Resources;

public sealed record RealServerSpec
{
    public const int DefaultWeight = 1;

    public string Address { get; init; } = "";

    /// <summary>Absent means the virtual service's port; only NAT may name another one.</summary>
    public int? Port { get; init; }

    /// <summary>0 keeps the server in the table without new connections (quiescent).</summary>
    public int Weight { get; init; } = DefaultWeight;

    /// <summary>Overrides the VirtualService's forwarding method for this server.</summary>
    public Forwarding? Forwarding { get; init; }

    /// <summary>Stop sending new connections above this many (ipvsadm <c>-x</c>; 0 = no limit).</summary>
    public long UpperThreshold { get; init; }

    /// <summary>Resume below this many once the upper threshold was hit (ipvsadm <c>-y</c>).</summary>
    public long LowerThreshold { get; init; }

    /// <summary>The cluster node this server is, so its agent prepares it (VIP on lo, ARP sysctls, tunl0).</summary>
    public string? NodeName { get; init; }

    /// <summary>This server's own probe settings over the VirtualService's health check.</summary>
    public HealthCheckOverride? HealthCheck { get; init; }
}
