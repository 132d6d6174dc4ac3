namespace LvsOperator.Core.Resources;

/// <summary>Which director holds a VirtualService's VIPs, from the directors' own reports (issue 7).</summary>
public sealed record FailoverStatus
{
    public int VirtualRouterId { get; init; }

    /// <summary>
    /// The director that most recently became master, for the ACTIVE printer column; absent when no director
    /// reports master. After a node death the dead master's last report still says master until it returns,
    /// so the newest master is the active one.
    /// </summary>
    public string? Active { get; init; }

    /// <summary>Every director's router, by node and address family.</summary>
    public IReadOnlyList<FailoverRouterStatus> Routers { get; init; } = [];
}
