namespace LvsOperator.Controller.Tests;

/// <summary>
/// Lease timings that let two replicas write at once are refused: a leader that cannot renew stops writing
/// RetryPeriod + RenewDeadline after its last renewal, and a standby may lead LeaseDuration after it.
/// </summary>
public sealed class ControllerOptionsValidatorTests
{
    private static ControllerOptions Settings(double lease, double renew, double retry) => new()
    {
        LeaderElectionNamespace = "lvs-operator", Identity = "replica-1",
        LeaseDuration = TimeSpan.FromSeconds(lease), RenewDeadline = TimeSpan.FromSeconds(renew), RetryPeriod = TimeSpan.FromSeconds(retry),
    };

    [Theory]
    [InlineData(15, 10, 2)]
    [InlineData(2, 1.5, 0.25)]
    public void Timings_that_stop_the_leader_before_a_standby_may_lead_are_accepted(double lease, double renew, double retry)
    {
        var result = new ControllerOptionsValidator().Validate(null, Settings(lease, renew, retry));

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData(2, 1.9, 1)]
    [InlineData(15, 10, 5)]
    public void Timings_that_leave_the_leader_writing_after_a_standby_may_lead_are_refused(double lease, double renew, double retry)
    {
        var result = new ControllerOptionsValidator().Validate(null, Settings(lease, renew, retry));

        Assert.True(result.Failed);
        Assert.Contains("RetryPeriod + RenewDeadline < LeaseDuration", result.FailureMessage);
    }

    [Fact]
    public void Out_of_order_timings_are_refused_once()
    {
        var result = new ControllerOptionsValidator().Validate(null, Settings(2, 3, 1));

        Assert.Equal(["leader election needs RetryPeriod < RenewDeadline < LeaseDuration"], result.Failures);
    }
}
