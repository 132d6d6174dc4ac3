namespace LvsOperator.Core.Resources;

/// <summary>The destination a service gets while none of its real servers is healthy.</summary>
public sealed record HealthCheckSorryServer
{
    public string Address { get; init; } = "";

    /// <summary>Absent means the service's port.</summary>
    public int? Port { get; init; }
}
