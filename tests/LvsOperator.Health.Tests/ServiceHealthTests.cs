namespace LvsOperator.Health.Tests;

public sealed class ServiceHealthTests
{
    /// <summary>Healthy weights over time and the quorum after each, as U (held) and L (lost).</summary>
    [Theory]
    [InlineData(1, 0, 3, "2,1,0,1", "UULU")]
    [InlineData(4, 1, 4, "3,2,3,4,5,4", "ULLLUU")]
    [InlineData(4, 1, 2, "3,4,5,3", "LLUU")]
    [InlineData(4, 2, 4, "2,1,5,6,2", "ULLUU")]
    [InlineData(2, 5, 9, "0,9", "LU")]
    public void Quorum_is_lost_below_minimum_minus_hysteresis_and_regained_at_minimum_plus_hysteresis(
        int minimum, int hysteresis, int initialWeight, string weights, string quorum)
    {
        var service = new ServiceHealth(minimum, hysteresis, initialWeight);
        var seen = weights.Split(',').Select(int.Parse).Select(w =>
        {
            service.Update(w);
            return service.HasQuorum ? 'U' : 'L';
        });

        Assert.Equal(quorum, new string([.. seen]));
    }

    [Theory]
    [InlineData(3, 2, true)]
    [InlineData(3, 3, true)]
    [InlineData(3, 4, false)]
    [InlineData(0, 1, false)]
    public void The_first_quorum_ignores_hysteresis(int initialWeight, int minimum, bool held) =>
        Assert.Equal(held, new ServiceHealth(minimum, 2, initialWeight).HasQuorum);

    [Fact]
    public void Update_says_whether_the_quorum_changed()
    {
        var service = new ServiceHealth(2, 0, 2);
        Assert.False(service.Update(3));
        Assert.True(service.Update(1));
        Assert.False(service.Update(0));
        Assert.True(service.Update(2));
    }
}
