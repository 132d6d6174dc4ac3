using System.Text.RegularExpressions;
using LvsOperator.Cli;

namespace LvsOperator.ApiServer.Tests;

/// <summary>What <c>lvsctl validate</c> (in-process) says about a file, as field and message per error line.</summary>
internal static partial class LvsctlVerdict
{
    public static (int ExitCode, IReadOnlyList<FieldError> Errors, string Stderr) Check(string file)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = LvsCtl.Run(["validate", "-f", file], stdout, stderr);
        var errors = stderr.ToString().Split('\n')
            .Select(l => ErrorLine().Match(l))
            .Where(m => m.Success)
            .Select(m => new FieldError(m.Groups["field"].Value, m.Groups["message"].Value))
            .ToList();
        return (exit, errors, stderr.ToString());
    }

    // file:LINE (document N): [Kind ns/name: ]field: message
    [GeneratedRegex(@"^.+:\d+ \(document \d+\): (?:(?:VirtualService|RealServer) [^ :]+/[^ :]+: |AddressPool [^ :/]+: )?(?<field>[^ :]+): (?<message>.+)$")]
    private static partial Regex ErrorLine();
}
