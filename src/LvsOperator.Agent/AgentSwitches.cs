using LvsOperator.KubeConfig;

namespace LvsOperator.Agent;

/// <summary>The agent's command-line switches, and the flag form of its boolean ones.</summary>
internal static class AgentSwitches
{
    private const string Section = AgentOptions.Section;

    /// <summary>The boolean options' switches: given bare (<c>--bgp</c>), they mean <c>--bgp=true</c>.</summary>
    public static IReadOnlyList<string> Flags { get; } = ["--lock-memory", "--bgp"];

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
        ["--vrrp-nice"] = $"{Section}:{nameof(AgentOptions.VrrpNice)}",
        ["--lock-memory"] = $"{Section}:{nameof(AgentOptions.LockMemory)}",
        ["--bgp"] = $"{Section}:{nameof(AgentOptions.Bgp)}",
        ["--bgp-router-id"] = $"{Section}:{nameof(AgentOptions.BgpRouterId)}",
        ["--bgp-withdraw-timeout"] = $"{Section}:{nameof(AgentOptions.BgpWithdrawTimeout)}",
        ["--frr-pathspace"] = $"{Section}:{nameof(AgentOptions.FrrPathspace)}",
    };

    /// <summary>
    /// Gives each bare flag its value: the configuration's command-line provider reads <c>--bgp</c> as a key whose
    /// value is the next argument (so <c>--bgp --bgp-router-id X</c> made Bgp "--bgp-router-id", which does not
    /// bind, and a trailing <c>--bgp</c> was dropped). <c>--bgp=false</c> and <c>--bgp false</c> stay as they are.
    /// </summary>
    public static string[] Normalize(IReadOnlyList<string> args)
    {
        var normalized = new string[args.Count];
        for (var i = 0; i < args.Count; i++)
        {
            var bare = Flags.Contains(args[i], StringComparer.Ordinal);
            var valued = i + 1 < args.Count && bool.TryParse(args[i + 1], out _);
            normalized[i] = bare && !valued ? args[i] + "=true" : args[i];
        }

        return normalized;
    }
}
