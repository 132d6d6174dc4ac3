using LvsOperator.Node.Bgp;
using CommandResult = LvsOperator.Node.Bgp.CommandResult;

namespace LvsOperator.Testing;

/// <summary>
/// FRR as far as the agent drives it: <c>frr-reload.py</c> makes bgpd's running configuration the file's text,
/// <c>vtysh -d bgpd -c 'show running-config'</c> returns it, a <c>configure terminal</c> batch takes <c>no network</c>
/// lines out and stops at the first prefix bgpd lacks (as vtysh does), and the summary is what the test sets.
/// </summary>
internal sealed class FakeFrr : ICommandRunner
{
    private readonly Lock _gate = new();

    public string Running { get; private set; } = "";
    public string Summary { get; set; } = "{}";
    public int Reloads { get; private set; }
    public List<IReadOnlyList<string>> Changes { get; } = [];

    /// <summary>Released as each reload starts.</summary>
    public SemaphoreSlim ReloadStarted { get; } = new(0);

    /// <summary>While set, a reload waits for it (or its cancellation): a reload taking 30 s on a loaded node.</summary>
    public TaskCompletionSource? Slow { get; set; }

    /// <summary>watchfrr restarted bgpd: it came back without the agent's configuration.</summary>
    public void Restart()
    {
        lock (_gate) Running = "";
    }

    public async Task<CommandResult> RunAsync(string file, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        if (file.EndsWith("frr-reload.py", StringComparison.Ordinal))
        {
            ReloadStarted.Release();
            if (Slow is { } slow) await slow.Task.WaitAsync(cancellationToken);
            var text = await File.ReadAllTextAsync(arguments[^1], cancellationToken);
            lock (_gate) (Running, Reloads) = (text, Reloads + 1);
            return new CommandResult(0, "", "");
        }

        var commands = arguments.Select((a, i) => (a, i)).Where(p => p.i > 0 && arguments[p.i - 1] == "-c").Select(p => p.a).ToList();
        return commands switch
        {
            ["show running-config"] => new CommandResult(0, Running, ""),
            ["show bgp summary json"] => new CommandResult(0, Summary, ""),
            ["configure terminal", ..] => Configure(commands),
            _ => new CommandResult(1, "", $"% Unknown command: {string.Join(" / ", commands)}"),
        };
    }

    private CommandResult Configure(List<string> commands)
    {
        lock (_gate)
        {
            Changes.Add(commands);
            foreach (var command in commands.Where(c => c.StartsWith("no network ", StringComparison.Ordinal)))
            {
                var line = $"  network {command["no network ".Length..]}";
                var lines = Running.Split('\n').ToList();
                if (lines.RemoveAll(l => l == line || l.StartsWith(line + " ", StringComparison.Ordinal)) == 0)
                    return new CommandResult(1, "", "% Can't find static route specified");
                Running = string.Join('\n', lines);
            }

            return new CommandResult(0, "", "");
        }
    }
}
