namespace LvsOperator.Node.Bgp;

/// <summary>
/// Reads bgpd's running configuration (<c>vtysh -d bgpd -c 'show running-config'</c>) for the one thing a stopping
/// agent needs from it: the <c>network</c> statements it announces, as the vtysh commands that remove them. Taken
/// from what bgpd holds rather than from what the agent last rendered, because vtysh stops at the first command
/// that fails (a <c>no network</c> for a prefix bgpd lacks, after a reload cut short, would keep the rest).
/// </summary>
public static class FrrRunningConfig
{
    /// <summary>The <c>-c</c> commands that withdraw every VIP of the default BGP instance; empty when it announces none.</summary>
    public static IReadOnlyList<string> WithdrawCommands(string runningConfig)
    {
        ArgumentNullException.ThrowIfNull(runningConfig);
        string? router = null;
        var instance = "";
        string? family = null;
        var networks = new List<(string Family, string Prefix)>();
        foreach (var raw in runningConfig.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (!line.StartsWith(' ')) router = IsDefaultInstance(words) ? line : null;
            instance = router ?? instance;
            if (router is null || words.Length < 2) continue;
            if (words[0] == "address-family") family = line.Trim();
            else if (words[0] == "exit-address-family") family = null;
            else if (words[0] == "network" && family is not null) networks.Add((family, words[1]));
        }

        if (networks.Count == 0) return [];
        var commands = new List<string> { "configure terminal", instance };
        foreach (var group in networks.GroupBy(n => n.Family))
        {
            commands.Add(group.Key);
            commands.AddRange(group.Select(n => $"no network {n.Prefix}"));
            commands.Add("exit-address-family");
        }

        commands.Add("end");
        return commands;
    }

    /// <summary><c>router bgp ASN</c> without <c>vrf</c>: the agent renders only the default instance.</summary>
    private static bool IsDefaultInstance(string[] words) => words is ["router", "bgp", _];
}
