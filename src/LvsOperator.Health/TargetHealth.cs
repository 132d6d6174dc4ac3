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
