namespace LvsOperator.Health;

/// <summary>
/// One target's up/down state from consecutive results, as keepalived counts them: <c>fall</c> failures in a row
/// take an up server down, <c>rise</c> successes in a row bring a down one up; any other result resets the run.
/// </summary>
public sealed class TargetHealth(HealthState initial, int rise, int fall)
{
    private readonly int _rise = Math.Max(1, rise);
    private readonly int _fall = Math.Max(1, fall);
    private int _run;

    public HealthState State { get; private set; } = initial;

    /// <summary>
    /// Counts a result that agrees with <see cref="State"/> (it only ends a run of results against it) and says
    /// so; a result against the state is left to <see cref="Record"/>. Only the loop that checks the target records
    /// its results, and this changes nothing another thread reads, so it needs none of the scheduler's locking.
    /// </summary>
    public bool Confirms(bool success)
    {
        if (success == (State == HealthState.Down)) return false;
        _run = 0;
        return true;
    }

    /// <summary>Counts one result; true when it changed <see cref="State"/>.</summary>
    public bool Record(bool success)
    {
        var againstState = success == (State == HealthState.Down);
        if (!againstState)
        {
            _run = 0;
            return false;
        }

        if (++_run < (success ? _rise : _fall)) return false;
        _run = 0;
        State = success ? HealthState.Up : HealthState.Down;
        return true;
    }
}
