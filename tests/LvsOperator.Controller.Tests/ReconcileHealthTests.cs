using LvsOperator.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace LvsOperator.Controller.Tests;

/// <summary>/readyz of a controller replica: a standby with synced caches is ready; a leader as its passes say.</summary>
public sealed class ReconcileHealthTests
{
    private static readonly TimeSpan ReadyWithin = TimeSpan.FromMinutes(3);

    [Fact]
    public void A_standby_is_ready_before_it_ever_reconciled()
    {
        var health = new ReconcileHealth(new FakeTimeProvider());
        Assert.False(health.Readiness(ReadyWithin).Ready);

        health.Standby();

        Assert.Equal((true, "standby, caches synced"), health.Readiness(ReadyWithin));
    }

    [Fact]
    public void A_standby_that_starts_leading_is_ready_only_once_a_pass_succeeded_and_while_passes_keep_succeeding()
    {
        var time = new FakeTimeProvider();
        var health = new ReconcileHealth(time);
        health.Standby();

        health.Leading();
        Assert.Equal((false, "not reconciled yet"), health.Readiness(ReadyWithin));
        health.Succeeded();
        Assert.True(health.Readiness(ReadyWithin).Ready);
        time.Advance(ReadyWithin + TimeSpan.FromSeconds(1));
        Assert.False(health.Readiness(ReadyWithin).Ready);
    }

    [Fact]
    public void A_leader_whose_writes_failed_is_ready_again_when_it_stands_by()
    {
        var health = new ReconcileHealth(new FakeTimeProvider());
        health.Leading();
        health.Failed("writes failed");
        Assert.Equal((false, "writes failed"), health.Readiness(ReadyWithin));

        health.Standby();

        Assert.True(health.Readiness(ReadyWithin).Ready);
    }
}
