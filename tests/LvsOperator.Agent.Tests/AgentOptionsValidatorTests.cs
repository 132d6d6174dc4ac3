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
}
