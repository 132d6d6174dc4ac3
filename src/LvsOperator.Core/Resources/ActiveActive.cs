namespace LvsOperator.Core.Resources;

/// <summary>
/// Active/active directors (issue 17): every director of the VirtualService holds its VIPs and announces them over
/// BGP, the router spreads flows over them with ECMP, and the <c>mh</c> scheduler (Maglev hashing) with the same
/// destinations on every director sends a flow to the same real server whichever director the router picks.
/// Exclusive with <see cref="Failover"/> (VRRP): there is no master when every director serves.
/// </summary>
public sealed record ActiveActive
{
    /// <summary>How the directors announce the VIPs to the routers.</summary>
    public Bgp? Bgp { get; init; }
}
