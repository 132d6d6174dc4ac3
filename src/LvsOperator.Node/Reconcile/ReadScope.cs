namespace LvsOperator.Node.Reconcile;

/// <summary>How much of the IPVS table a cycle reads afresh.</summary>
public enum ReadScope
{
    /// <summary>Every service's destinations: a resync, which repairs drift such as an <c>ipvsadm -d</c>.</summary>
    Everything,

    /// <summary>
    /// Only the destinations of services whose desired state changed, were just changed, or are draining;
    /// the others as the last read saw them. For cycles woken by a change, so one endpoint change costs one
    /// dump, not one per service.
    /// </summary>
    ChangedServices,
}
