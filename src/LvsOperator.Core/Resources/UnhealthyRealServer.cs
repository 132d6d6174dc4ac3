namespace LvsOperator.Core.Resources;

/// <summary>A real server a director's health check holds down: which service, where, and why.</summary>
public sealed record UnhealthyRealServer
{
    /// <summary>The kernel service, as <c>ipvsadm -L</c> names it (<c>TCP 192.0.2.1:80</c>).</summary>
    public string Service { get; init; } = "";

    public string Address { get; init; } = "";
    public int Port { get; init; }

    /// <summary>The director that found it down (VirtualService status only).</summary>
    public string? Node { get; init; }

    /// <summary>The last failed check's reason, such as <c>connection refused</c>.</summary>
    public string Reason { get; init; } = "";
}
