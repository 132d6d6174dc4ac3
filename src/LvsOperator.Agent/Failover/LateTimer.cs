namespace LvsOperator.Agent.Failover;

/// <summary>
/// One turn of a VRRP router's loop as seen from the clock and the GC: when its wait began and the process's GC
/// pause time and collection counts then. A value, read without allocating, so the steady advertisement path
/// stays free of garbage (issue 15); only a late turn asks for more.
/// </summary>
internal readonly record struct LateTimer(long Started, TimeSpan Pause, int Gen0, int Gen1, int Gen2)
{
    public static LateTimer Begin(TimeProvider time) => new(
        time.GetTimestamp(), GC.GetTotalPauseDuration(), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));

    /// <summary>How much longer than <paramref name="wait"/> the turn took; null if not longer.</summary>
    public TimeSpan? Late(TimeProvider time, TimeSpan wait) =>
        time.GetElapsedTime(Started) - wait is var over && over > TimeSpan.Zero ? over : null;

    /// <summary>The GC's pause time and collections (gen0, gen1, gen2 counted apart) since the turn began.</summary>
    public LateTimer Since() => new(Started, GC.GetTotalPauseDuration() - Pause,
        GC.CollectionCount(0) - Gen0 - (GC.CollectionCount(1) - Gen1),
        GC.CollectionCount(1) - Gen1 - (GC.CollectionCount(2) - Gen2),
        GC.CollectionCount(2) - Gen2);
}
