using LvsOperator.KubeConfig;

namespace LvsOperator.Agent;

/// <summary>The agent's command-line switches.</summary>
internal static class AgentSwitches
{
    private const string Section = AgentOptions.Section;

    /// <summary>Switch to configuration key, for <c>LvsHost.CreateBuilder</c>.</summary>
    public static IDictionary<string, string> Mappings { get; } = new Dictionary<string, string>(KubeClientOptions.Switches)
    {
        ["--manifests"] = $"{Section}:{nameof(AgentOptions.Manifests)}",
        ["--node"] = $"{Section}:{nameof(AgentOptions.NodeName)}",
        ["--node-labels"] = $"{Section}:{nameof(AgentOptions.NodeLabels)}",
        ["--state-dir"] = $"{Section}:{nameof(AgentOptions.StateDirectory)}",
        ["--resync"] = $"{Section}:{nameof(AgentOptions.ResyncInterval)}",
        ["--drain-grace"] = $"{Section}:{nameof(AgentOptions.DrainGracePeriod)}",
        ["--status-address"] = $"{Section}:{nameof(AgentOptions.StatusAddress)}",
        ["--failover-interface"] = $"{Section}:{nameof(AgentOptions.FailoverInterface)}",
        ["--vrrp-rt-priority"] = $"{Section}:{nameof(AgentOptions.VrrpRealTimePriority)}",
        ["--lock-memory"] = $"{Section}:{nameof(AgentOptions.LockMemory)}",
        ["--bgp"] = $"{Section}:{nameof(AgentOptions.Bgp)}",
        ["--bgp-router-id"] = $"{Section}:{nameof(AgentOptions.BgpRouterId)}",
        ["--bgp-withdraw-timeout"] = $"{Section}:{nameof(AgentOptions.BgpWithdrawTimeout)}",
        ["--frr-pathspace"] = $"{Section}:{nameof(AgentOptions.FrrPathspace)}",
    };

}
