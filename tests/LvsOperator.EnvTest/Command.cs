using System.ComponentModel;
using System.Diagnostics;

namespace LvsOperator.EnvTest;

/// <summary>What one command printed; <see cref="EnsureSuccess"/> throws with its own words.</summary>
public sealed record CommandResult(string Command, int ExitCode, string Stdout, string Stderr)
{
    public CommandResult EnsureSuccess() =>
        ExitCode == 0 ? this : throw new InvalidOperationException($"{Command} exited {ExitCode}:\n{Stderr}{Stdout}");
}

/// <summary>Runs a program to its end with the given environment additions, capturing both output streams.</summary>
public static class Command
{
    public static async Task<CommandResult> RunAsync(string program, IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null,
        CancellationToken cancellationToken = default)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) info.Environment[name] = value;
        var shown = string.Join(' ', [Path.GetFileName(program), .. info.ArgumentList]);

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException($"{shown} did not start");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"{program} could not be started ({e.Message}): is it installed and on PATH?", e);
        }

        using (process)
        {
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            return new CommandResult(shown, process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
        }
    }
}
