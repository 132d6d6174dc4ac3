namespace LvsOperator.Netlink.Ipvs;

/// <summary>
/// Counters and rates of a service or destination. Read from <c>*_ATTR_STATS64</c> when the
/// kernel sends it (all u64), else from <c>*_ATTR_STATS</c> (32-bit counters, 64-bit byte counts).
/// </summary>
public sealed record IpvsStats
{
    /// <summary>Connections scheduled.</summary>
    public ulong Connections { get; init; }

    /// <summary>Incoming packets.</summary>
    public ulong InPackets { get; init; }

    /// <summary>Outgoing packets.</summary>
    public ulong OutPackets { get; init; }

    /// <summary>Incoming bytes.</summary>
    public ulong InBytes { get; init; }

    /// <summary>Outgoing bytes.</summary>
    public ulong OutBytes { get; init; }

    /// <summary>Current connection rate.</summary>
    public ulong ConnectionsPerSecond { get; init; }

    /// <summary>Current incoming packet rate.</summary>
    public ulong InPacketsPerSecond { get; init; }

    /// <summary>Current outgoing packet rate.</summary>
    public ulong OutPacketsPerSecond { get; init; }

    /// <summary>Current incoming byte rate.</summary>
    public ulong InBytesPerSecond { get; init; }

    /// <summary>Current outgoing byte rate.</summary>
    public ulong OutBytesPerSecond { get; init; }

    /// <summary>All zero.</summary>
    public static IpvsStats Zero { get; } = new();
}
