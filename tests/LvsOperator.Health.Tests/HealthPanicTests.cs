namespace LvsOperator.Health.Tests;

public sealed class HealthPanicTests
{
    [Theory]
    [InlineData(0, 4, 50, true)]    // every server down at once: the checker, more likely than the servers
    [InlineData(1, 4, 50, true)]    // 25 %
    [InlineData(2, 4, 50, false)]   // exactly the threshold is not below it
    [InlineData(3, 4, 50, false)]
    [InlineData(4, 4, 100, false)]  // 100: any server down panics, all up does not
    [InlineData(3, 4, 100, true)]
    [InlineData(0, 4, 0, false)]    // 0: off, even with nothing healthy
    [InlineData(0, 0, 50, false)]   // no weight at all: nothing to balance over
    [InlineData(1, 3, 34, true)]    // 33.3 % < 34 %
    [InlineData(1, 3, 33, false)]   // 33.3 % >= 33 %
    [InlineData(int.MaxValue / 2, int.MaxValue, 50, true)] // no overflow in the percent arithmetic
    public void Panic_applies_when_the_healthy_share_of_the_weight_is_below_the_threshold(
        int healthy, int total, int threshold, bool panics) =>
        Assert.Equal(panics, HealthPanic.Applies(healthy, total, threshold));

    /// <summary>Healthy weights over time (of 4) and the panic state after each, as P (panic) and N (normal).</summary>
    [Theory]
    [InlineData(50, 4, "3,1,0,2,4", "NPPNN")]
    [InlineData(50, 0, "1,2", "PN")]
    [InlineData(0, 0, "0,4", "NN")]
    public void A_service_enters_and_leaves_panic_mode_without_hysteresis(int threshold, int initialWeight, string weights, string panics)
    {
        var service = new ServiceHealth(1, 0, initialWeight, threshold, initialTotalWeight: 4);
        var seen = weights.Split(',').Select(int.Parse).Select(w =>
        {
            service.UpdatePanic(w, 4);
            return service.InPanic ? 'P' : 'N';
        });

        Assert.Equal(panics, new string([.. seen]));
    }

    [Fact]
    public void UpdatePanic_says_whether_panic_mode_changed_and_leaves_the_quorum_alone()
    {
        var service = new ServiceHealth(1, 0, 4, 50, 4);
        Assert.False(service.UpdatePanic(3, 4));
        Assert.True(service.UpdatePanic(0, 4));
        Assert.True(service.HasQuorum);
        Assert.False(service.UpdatePanic(1, 4));
        Assert.True(service.UpdatePanic(2, 4));
    }
}
