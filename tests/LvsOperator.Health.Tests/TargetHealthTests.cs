namespace LvsOperator.Health.Tests;

public sealed class TargetHealthTests
{
    /// <summary>Results as + (success) and - (failure); states after each result as U and D.</summary>
    public static TheoryData<HealthState, int, int, string, string> Sequences => new()
    {
        { HealthState.Up, 2, 3, "---", "UUD" },
        { HealthState.Up, 2, 3, "--+---", "UUUUUD" },
        { HealthState.Up, 2, 1, "-", "D" },
        { HealthState.Up, 2, 3, "---++", "UUDDU" },
        { HealthState.Up, 3, 3, "---+-+++", "UUDDDDDU" },
        { HealthState.Down, 2, 3, "++", "DU" },
        { HealthState.Down, 2, 3, "+-+-+", "DDDDD" },
        { HealthState.Down, 1, 3, "+", "U" },
        { HealthState.Up, 1, 1, "-+-+", "DUDU" },
        { HealthState.Up, 2, 2, "-+-+-+", "UUUUUU" },
    };

    [Theory]
    [MemberData(nameof(Sequences))]
    public void Rise_and_fall_count_consecutive_results_against_the_state(HealthState initial, int rise, int fall, string results, string states) =>
        AssertSequence(initial, rise, fall, results, states, (health, success) => health.Record(success));

    /// <summary>The scheduler's way: a result the state confirms stops there, only the others are recorded.</summary>
    [Theory]
    [MemberData(nameof(Sequences))]
    public void Confirming_first_then_recording_the_rest_counts_the_same(HealthState initial, int rise, int fall, string results, string states) =>
        AssertSequence(initial, rise, fall, results, states, (health, success) => !health.Confirms(success) && health.Record(success));

    private static void AssertSequence(HealthState initial, int rise, int fall, string results, string states, Func<TargetHealth, bool, bool> record)
    {
        var health = new TargetHealth(initial, rise, fall);
        var seen = new List<char>();
        var transitions = 0;
        foreach (var result in results)
        {
            if (record(health, result == '+')) transitions++;
            seen.Add(health.State == HealthState.Up ? 'U' : 'D');
        }

        Assert.Equal(states, new string([.. seen]));
        var expectedTransitions = (initial == HealthState.Up ? "U" : "D").Concat(states).Zip(states).Count(p => p.First != p.Second);
        Assert.Equal(expectedTransitions, transitions);
    }
}
