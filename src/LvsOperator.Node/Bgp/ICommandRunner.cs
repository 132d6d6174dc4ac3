namespace LvsOperator.Node.Bgp;

/// <summary>Runs a program with arguments (never through a shell) and returns what it said: the BGP daemon's own tools.</summary>
public interface ICommandRunner
{
    Task<CommandResult> RunAsync(string file, IReadOnlyList<string> arguments, CancellationToken cancellationToken);
}

public sealed record CommandResult(int ExitCode, string Output, string Error);
