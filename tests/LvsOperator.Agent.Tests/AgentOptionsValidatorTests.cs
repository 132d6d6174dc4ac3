using LvsOperator.KubeConfig;
using Microsoft.Extensions.Options;

namespace LvsOperator.Agent.Tests;

/// <summary>The VRRP thread's settings are checked at start-up: a priority SCHED_RR does not have is refused by name.</summary>
public sealed class AgentOptionsValidatorTests
{
    private static readonly AgentOptionsValidator Validator = new(Options.Create(new KubeClientOptions()));

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(99)]
    public void Real_time_priorities_off_or_in_sched_rrs_range_pass(int priority)
    {
        var result = Validator.Validate(null, new AgentOptions { NodeName = "node-1", VrrpRealTimePriority = priority, LockMemory = true });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(100)]
    public void A_real_time_priority_outside_1_to_99_is_refused(int priority)
    {
        var result = Validator.Validate(null, new AgentOptions { NodeName = "node-1", VrrpRealTimePriority = priority });

        Assert.Equal(["VrrpRealTimePriority (--vrrp-rt-priority) must be 0 (off) or 1-99"], result.Failures);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("00:05:01")]
    public void A_bgp_withdrawal_bound_of_nothing_or_past_five_minutes_is_refused(string timeout)
    {
        var result = Validator.Validate(null, new AgentOptions { NodeName = "node-1", BgpWithdrawTimeout = TimeSpan.Parse(timeout, null) });

        Assert.Equal(["BgpWithdrawTimeout (--bgp-withdraw-timeout) must be more than 0 and at most 00:05:00"], result.Failures);
    }

    [Fact]
    public void With_bgp_the_hosts_shutdown_timeout_leaves_the_services_their_30_s_after_the_withdrawals_bound()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), new AgentOptions().ShutdownTimeout);
        Assert.Equal(TimeSpan.FromSeconds(45), new AgentOptions { Bgp = true, BgpWithdrawTimeout = TimeSpan.FromSeconds(15) }.ShutdownTimeout);
    }
}
