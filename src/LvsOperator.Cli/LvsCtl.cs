using System.CommandLine;

namespace LvsOperator.Cli;

/// <summary>The <c>lvsctl</c> command tree.</summary>
public static class LvsCtl
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("lvsctl: check, plan and inspect LvsOperator's IPVS load balancing.")
        {
            ValidateCommand.Create(stdout, stderr),
            PlanCommand.Create(stdout, stderr),
            List.ListCommand.Create(stdout, stderr),
        };

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors) stderr.WriteLine($"lvsctl: {error.Message}");
            stderr.WriteLine("Run 'lvsctl --help' for usage.");
            return ExitCodes.Usage;
        }

        return parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
    }
}
