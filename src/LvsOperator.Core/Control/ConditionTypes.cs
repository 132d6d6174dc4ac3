namespace LvsOperator.Core.Control;

/// <summary>Condition types and reasons of VirtualService, RealServer and NodeSlice status.</summary>
public static class ConditionTypes
{
    /// <summary>The resource is valid and not in conflict: the controller compiles it.</summary>
    public const string Accepted = "Accepted";

    /// <summary>Every node that should hold the resource's kernel objects reported holding this generation.</summary>
    public const string Programmed = "Programmed";

    /// <summary>Programmed, but something is missing: a Service, a port, a director.</summary>
    public const string Degraded = "Degraded";

    /// <summary>RealServer only: no director's health check holds it down.</summary>
    public const string Healthy = "Healthy";

    /// <summary>VirtualService with <c>spec.failover</c> only: a director reports itself VRRP master of the VIPs.</summary>
    public const string DirectorElected = "DirectorElected";

    /// <summary>NodeSlice only: removed destinations still hold connections (weight 0) on the node.</summary>
    public const string Draining = "Draining";

    /// <summary>
    /// NodeSlice with BGP routes only (issue 17): the agent announces the slice's VIPs and at least one session
    /// they go out on is established.
    /// </summary>
    public const string Announced = "Announced";
}
