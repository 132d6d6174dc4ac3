namespace LvsOperator.Cli.List;

/// <summary>Which columns <c>lvsctl list</c> prints, after the <c>ipvsadm -L -n</c> option of the same name.</summary>
internal enum ListView
{
    /// <summary>Scheduler and flags; Forward, Weight, ActiveConn, InActConn.</summary>
    Default,

    /// <summary><c>--stats</c>: Conns, InPkts, OutPkts, InBytes, OutBytes.</summary>
    Stats,

    /// <summary><c>--rate</c>: CPS, InPPS, OutPPS, InBPS, OutBPS.</summary>
    Rate,

    /// <summary><c>--thresholds</c>: Uthreshold, Lthreshold, ActiveConn, InActConn.</summary>
    Thresholds,

    /// <summary><c>--persistent-conn</c>: Weight, PersistConn, ActiveConn, InActConn.</summary>
    PersistentConnections,
}
