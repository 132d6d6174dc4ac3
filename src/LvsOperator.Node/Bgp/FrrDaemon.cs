namespace LvsOperator.Node.Bgp;

/// <summary>
/// Makes the FRR beside the agent hold a rendered configuration and reports its sessions (issue 17). A configuration
/// equal to the last one applied is not applied again; one that fails to apply is retried on the next call.
/// </summary>
public sealed class FrrDaemon(FrrOptions options, ICommandRunner commands)
{
    private string? _applied;

    /// <summary>Writes and reloads <paramref name="text"/>; false when it was already in place.</summary>
    /// <exception cref="FrrException">frr-reload refused it; the daemon keeps what it had.</exception>
    public async Task<bool> ApplyAsync(string text, CancellationToken cancellationToken)
    {
        if (text == _applied) return false;
        await WriteAsync(text, cancellationToken).ConfigureAwait(false);
        var result = await commands.RunAsync(options.ReloadTool, [.. PathspaceArguments("--pathspace"), "--reload", "--stdout", options.ConfigPath], cancellationToken)
            .ConfigureAwait(false);
        _applied = null;
        if (result.ExitCode != 0) throw new FrrException($"frr-reload exited {result.ExitCode}: {Last(result.Error, result.Output)}");
        _applied = text;
        return true;
    }

    /// <exception cref="FrrException">vtysh could not ask bgpd, or the answer was not the summary.</exception>
    public async Task<IReadOnlyList<BgpPeerState>> ReadSessionsAsync(CancellationToken cancellationToken)
    {
        var result = await commands.RunAsync(options.Vtysh, [.. PathspaceArguments("-N"), "-c", "show bgp summary json"], cancellationToken)
            .ConfigureAwait(false);
        if (result.ExitCode != 0) throw new FrrException($"vtysh exited {result.ExitCode}: {Last(result.Error, result.Output)}");
        try
        {
            return FrrSummary.Parse(result.Output);
        }
        catch (FormatException e)
        {
            throw new FrrException(e.Message, e);
        }
    }

    private IEnumerable<string> PathspaceArguments(string flag) => options.Pathspace is { } name ? [flag, name] : [];

    /// <summary>Beside the target and renamed over it, so FRR never reads half a file; 0600 from the start (passwords).</summary>
    private async Task WriteAsync(string text, CancellationToken cancellationToken)
    {
        var temporary = options.ConfigPath + ".lvsoperator.tmp";
        var file = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) file.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        var stream = new FileStream(temporary, file);
        await using (stream.ConfigureAwait(false))
        {
            await stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(text), cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        File.Move(temporary, options.ConfigPath, overwrite: true);
    }

    /// <summary>The last line of what the tool printed, where frr-reload and vtysh put the reason.</summary>
    private static string Last(string error, string output)
    {
        var text = string.IsNullOrWhiteSpace(error) ? output : error;
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "no output";
    }
}
