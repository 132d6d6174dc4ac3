namespace LvsOperator.Cli.Tests;

/// <summary>Runs lvsctl in-process and captures what it prints.</summary>
internal sealed record Run(int ExitCode, string Stdout, string Stderr)
{
    public static Run Lvsctl(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = LvsCtl.Run(args, stdout, stderr);
        return new Run(exit, stdout.ToString(), stderr.ToString());
    }
}
