namespace LvsOperator.Agent;

/// <summary>What ended the reconcile loop's wait (<c>lvsoperator_reconcile_wakes_total</c>).</summary>
internal enum Wake
{
    /// <summary>The resync interval, a retry's backoff or a lingering VIP's release: the cycle reads the whole node.</summary>
    Timer,

    /// <summary>The desired state changed (a NodeSlice's spec, or a manifest).</summary>
    DesiredState,

    /// <summary>A health check moved a real server up or down.</summary>
    Health,

    /// <summary>FRR took a configuration or a BGP session changed.</summary>
    Bgp,
}
