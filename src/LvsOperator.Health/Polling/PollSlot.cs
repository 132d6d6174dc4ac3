namespace LvsOperator.Health.Polling;

/// <summary>
/// One target in the <see cref="TcpConnectPoller"/>: where it is checked, how often, and the check in flight.
/// A struct in one array, so the loop touches no object per check; times are <see cref="TimeProvider"/> ticks.
/// </summary>
internal struct PollSlot
{
    public TargetRun? Run;
    public ConnectAddress Address;

    /// <summary>Bumped when the slot is freed, so timers and epoll events of its last target are ignored.</summary>
    public int Generation;

    /// <summary>Bumped per check, so the timeout of an earlier check does not cut the current one.</summary>
    public int Check;

    /// <summary>The socket of the check in flight, or -1.</summary>
    public int Fd;

    /// <summary>Due while every in-flight place was taken; starts when one frees.</summary>
    public bool Waiting;

    public long Interval;
    public long Timeout;
    public long NextDue;
    public long Started;

    /// <summary>The failure a timeout reports, made once per target (the same words as the async checks').</summary>
    public string TimeoutText;

    public void Admit(TargetRun run, HealthProbe probe, long frequency)
    {
        Run = run;
        Address = ConnectAddress.Of(run.Target.Key.Destination.Address, probe.Port);
        Fd = -1;
        Waiting = false;
        Interval = Math.Max(1, (long)(probe.Interval.TotalSeconds * frequency));
        Timeout = Math.Max(1, (long)(probe.Timeout.TotalSeconds * frequency));
        TimeoutText = $"no answer within {probe.Timeout.TotalMilliseconds} ms";
    }

    public void Release()
    {
        Run = null;
        Waiting = false;
        Generation++;
    }
}
