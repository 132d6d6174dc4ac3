namespace LvsOperator.Node.Bgp;

/// <summary>What <see cref="FrrDaemon.ApplyAsync"/> did.</summary>
public enum FrrApply
{
    /// <summary>bgpd already held the configuration.</summary>
    Unchanged,

    /// <summary>A new configuration was reloaded.</summary>
    Applied,

    /// <summary>bgpd had lost the configuration last applied (restarted) and it was reloaded again.</summary>
    Restored,
}
