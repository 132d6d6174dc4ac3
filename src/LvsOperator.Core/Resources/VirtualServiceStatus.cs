namespace LvsOperator.Core.Resources;

public sealed record VirtualServiceStatus
{
    public long? ObservedGeneration { get; init; }
    public IReadOnlyList<Condition>? Conditions { get; init; }
    public int ReadyRealServers { get; init; }
    public int TotalRealServers { get; init; }

    /// <summary>Real servers a director's health check holds down, with the director and the reason.</summary>
    public IReadOnlyList<UnhealthyRealServer>? UnhealthyRealServers { get; init; }

    /// <summary>Which director is master of the VIPs' virtual router (with <c>spec.failover</c> only).</summary>
    public FailoverStatus? Failover { get; init; }

    /// <summary>Active/active only (issue 17): the directors that announce the VIPs now, by node name.</summary>
    public IReadOnlyList<string>? AnnouncedBy { get; init; }

    /// <summary><c>ready/total</c>, for the READY printer column.</summary>
    public string? Ready { get; init; }
}
