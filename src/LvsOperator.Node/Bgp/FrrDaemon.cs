namespace LvsOperator.Node.Bgp;

/// <summary>
/// Makes the FRR beside the agent hold a rendered configuration and reports its sessions (issue 17). A configuration
/// equal to the last one applied is not reloaded again unless bgpd no longer holds it (restarted by watchfrr, it
/// comes back empty); one that fails to apply is retried on the next call.
/// </summary>
public sealed class FrrDaemon(FrrOptions options, ICommandRunner commands)
{
    private string? _applied;

    /// <summary>Writes and reloads the rendering unless bgpd already holds it.</summary>
    /// <exception cref="FrrException">frr-reload refused it (the daemon keeps what it had), or bgpd could not be asked.</exception>
    public async Task<FrrApply> ApplyAsync(FrrRendering rendering, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rendering);
        var outcome = FrrApply.Applied;
        if (rendering.Text == _applied)
        {
            if (rendering.Marker is null || (await RunningConfigAsync(cancellationToken).ConfigureAwait(false)).Contains(rendering.Marker, StringComparison.Ordinal))
                return FrrApply.Unchanged;
            outcome = FrrApply.Restored;
        }

        _applied = null;
        await WriteAsync(rendering.Text, cancellationToken).ConfigureAwait(false);
        var result = await commands.RunAsync(options.ReloadTool, [.. PathspaceArguments("--pathspace"), "--reload", "--stdout", options.ConfigPath], cancellationToken)
            .ConfigureAwait(false);
        if (result.ExitCode != 0) throw new FrrException($"frr-reload exited {result.ExitCode}: {Last(result.Error, result.Output)}");
        _applied = rendering.Text;
        return outcome;
    }

    /// <summary>
    /// Withdraws every VIP bgpd announces with one direct vtysh change (<c>no network</c>, seconds faster than a
    /// reload under load), and leaves <paramref name="withdrawn"/> in the file so an FRR restarted afterwards does
    /// not announce them again.
    /// </summary>
    /// <returns>How many VIPs bgpd announced and no longer does.</returns>
    /// <exception cref="FrrException">bgpd could not be asked or refused the change.</exception>
    public async Task<int> WithdrawAsync(FrrRendering withdrawn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(withdrawn);
        _applied = null;
        await WriteAsync(withdrawn.Text, cancellationToken).ConfigureAwait(false);
        var removal = FrrRunningConfig.WithdrawCommands(await RunningConfigAsync(cancellationToken).ConfigureAwait(false));
        if (removal.Count == 0) return 0;
        var result = await commands.RunAsync(options.Vtysh, [.. BgpdArguments(), .. removal.SelectMany(c => new[] { "-c", c })], cancellationToken)
            .ConfigureAwait(false);
        if (result.ExitCode != 0) throw new FrrException($"vtysh exited {result.ExitCode}: {Last(result.Error, result.Output)}");
        return removal.Count(c => c.StartsWith("no network ", StringComparison.Ordinal));
    }

    /// <summary>Whether bgpd runs a configuration an agent rendered (this run's or one left by an earlier run).</summary>
    /// <exception cref="FrrException">bgpd could not be asked.</exception>
    public async Task<bool> RunsRenderedConfigurationAsync(CancellationToken cancellationToken) =>
        (await RunningConfigAsync(cancellationToken).ConfigureAwait(false)).Contains(FrrConfig.Signature, StringComparison.Ordinal);

    /// <summary>bgpd's own running configuration (not vtysh's merge of every daemon's).</summary>
    private async Task<string> RunningConfigAsync(CancellationToken cancellationToken)
    {
        var result = await commands.RunAsync(options.Vtysh, [.. BgpdArguments(), "-c", "show running-config"], cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0) throw new FrrException($"vtysh exited {result.ExitCode}: {Last(result.Error, result.Output)}");
        return result.Output;
    }

    private IEnumerable<string> BgpdArguments() => [.. PathspaceArguments("-N"), "-d", "bgpd"];

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
