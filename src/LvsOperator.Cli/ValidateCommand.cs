using System.CommandLine;

namespace LvsOperator.Cli;

/// <summary><c>lvsctl validate</c>: every problem in a set of manifests, each with file, document, field and reason.</summary>
internal static class ValidateCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var files = ManifestOptions.Files();
        var ns = ManifestOptions.Namespace();
        var command = new Command("validate", "Check VirtualService, RealServer and AddressPool manifests as the cluster would, without a cluster.") { files, ns };
        command.SetAction(parsed =>
        {
            if (CheckedManifests.TryLoad(parsed.GetValue(files)!, parsed.GetValue(ns)!, stderr) is not { } result) return ExitCodes.Usage;

            foreach (var error in result.Errors) stderr.WriteLine(error);
            var set = result.Manifests;
            var summary = $"{set.VirtualServices.Count} VirtualService(s), {set.RealServers.Count} RealServer(s)";
            if (set.AddressPools.Count > 0) summary += $", {set.AddressPools.Count} AddressPool(s)";
            if (set.IgnoredDocuments > 0) summary += $", {set.IgnoredDocuments} other document(s) ignored";
            if (result.Errors.Count > 0)
            {
                stderr.WriteLine($"invalid: {result.Errors.Count} error(s) in {summary}");
                return ExitCodes.Invalid;
            }

            stdout.WriteLine($"valid: {summary}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
