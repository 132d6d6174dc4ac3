namespace LvsOperator.Health.Tests;

public sealed class TargetHealthTests
{
    /// <summary>Results as + (success) and - (failure); states after each result as U and D.</summary>
    [Theory]
    [InlineData(HealthState.Up, 2, 3, "---", "UUD")]
    [InlineData(HealthState.Up, 2, 3, "--+---", "UUUUUD")]
    [InlineData(HealthState.Up, 2, 1, "-", "D")]
    [InlineData(HealthState.Up, 2, 3, "---++", "UUDDU")]
    [InlineData(HealthState.Up, 3, 3, "---+-+++", "UUDDDDDU")]
    [InlineData(HealthState.Down, 2, 3, "++", "DU")]
    [InlineData(HealthState.Down, 2, 3, "+-+-+", "DDDDD")]
    [InlineData(HealthState.Down, 1, 3, "+", "U")]
    [InlineData(HealthState.Up, 1, 1, "-+-+", "DUDU")]
    [InlineData(HealthState.Up, 2, 2, "-+-+-+", "UUUUUU")]
    public void Rise_and_fall_count_consecutive_results_against_the_state(HealthState initial, int rise, int fall, string results, string states)
    {
        var health = new TargetHealth(initial, rise, fall);
        var seen = new List<char>();
        var transitions = 0;
        foreach (var result in results)
        {
            if (health.Record(result == '+')) transitions++;
            seen.Add(health.State == HealthState.Up ? 'U' : 'D');
        }

        Assert.Equal(states, new string([.. seen]));
        var expectedTransitions = (initial == HealthState.Up ? "U" : "D").Concat(states).Zip(states).Count(p => p.First != p.Second);
        Assert.Equal(expectedTransitions, transitions);
    }
}
