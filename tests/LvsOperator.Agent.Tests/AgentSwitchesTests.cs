using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace LvsOperator.Agent.Tests;

/// <summary>Issue 17: a bare <c>--bgp</c> crashed the agent (its value was the next switch) or was dropped (last).</summary>
public sealed class AgentSwitchesTests
{
    [Theory]
    [InlineData(new[] { "--bgp" }, true, false)]
    [InlineData(new[] { "--bgp", "--bgp-router-id", "198.18.0.21" }, true, false)]
    [InlineData(new[] { "--lock-memory", "--bgp", "--node", "director-a" }, true, true)]
    [InlineData(new[] { "--bgp=true", "--lock-memory", "false" }, true, false)]
    [InlineData(new[] { "--bgp", "false", "--lock-memory=False" }, false, false)]
    [InlineData(new[] { "--node", "director-a" }, false, false)]
    public void Boolean_switches_work_bare_with_an_equals_or_with_their_value_after(string[] args, bool bgp, bool lockMemory)
    {
        var options = Bind(args);

        Assert.Equal((bgp, lockMemory), (options.Bgp, options.LockMemory));
    }

    [Fact]
    public void The_switch_after_a_bare_flag_keeps_its_own_value()
    {
        var options = Bind(["--bgp", "--bgp-router-id", "198.18.0.21", "--lock-memory"]);

        Assert.Equal("198.18.0.21", options.BgpRouterId);
        Assert.True(options.LockMemory);
    }

    [Fact]
    public void Every_boolean_option_of_the_agent_has_a_switch_listed_as_a_flag()
    {
        var booleans = typeof(AgentOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.PropertyType == typeof(bool) && p.CanWrite)
            .Select(p => $"{AgentOptions.Section}:{p.Name}");
        var flagged = AgentSwitches.Flags.Select(f => AgentSwitches.Mappings[f]);

        Assert.Equal(booleans.Order(StringComparer.Ordinal), flagged.Order(StringComparer.Ordinal));
    }

    private static AgentOptions Bind(string[] args)
    {
        var configuration = new ConfigurationBuilder().AddCommandLine(AgentSwitches.Normalize(args), AgentSwitches.Mappings).Build();
        var options = new AgentOptions();
        configuration.GetSection(AgentOptions.Section).Bind(options);
        return options;
    }
}
