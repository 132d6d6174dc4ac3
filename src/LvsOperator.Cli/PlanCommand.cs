using System.CommandLine;
using LvsOperator.Core.Compilation;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Resources;

namespace LvsOperator.Cli;

/// <summary>
/// <c>lvsctl plan</c>: the IPVS rules the directors would hold, in <c>ipvsadm -S -n</c> syntax, then the
/// VIPs, links and sysctls as comments. <c>--rules-only</c> leaves the comments out, since
/// <c>ipvsadm -R</c> takes every line as a command (checked in the lab: a <c>#</c> line fails it).
/// </summary>
internal static class PlanCommand
{
    /// <summary>Stands for "any director" when no node is named, so every VirtualService shows its rules.</summary>
    private const string AnyDirector = "director";

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var files = ManifestOptions.Files();
        var ns = ManifestOptions.Namespace();
        var node = new Option<string?>("--node") { Description = "Plan for this node only: its director rules if selected, and its real-server preparation." };
        var labels = new Option<string[]>("--node-label")
        {
            Description = "A label of --node (key=value), for matching spec.directors.nodeSelector; repeat for more.",
            AllowMultipleArgumentsPerToken = true,
        };
        var rulesOnly = new Option<bool>("--rules-only")
        {
            Description = "Print only the IPVS rules, for 'ipvsadm -R' (which rejects comment lines), without the node setup comments.",
        };
        var command = new Command("plan", "Print what LvsOperator would program, as ipvsadm rules.") { files, ns, node, labels, rulesOnly };
        command.SetAction(parsed =>
        {
            if (CheckedManifests.TryLoad(parsed.GetValue(files)!, parsed.GetValue(ns)!, stderr) is not { } result) return ExitCodes.Usage;

            if (result.Errors.Count > 0)
            {
                foreach (var error in result.Errors) stderr.WriteLine(error);
                stderr.WriteLine($"lvsctl: not planning: {result.Errors.Count} error(s); run 'lvsctl validate' for details");
                return ExitCodes.Invalid;
            }

            if (!TryParseLabels(parsed.GetValue(labels) ?? [], out var nodeLabels, out var bad))
            {
                stderr.WriteLine($"lvsctl: --node-label {bad}: expected key=value");
                return ExitCodes.Usage;
            }

            var nodeName = parsed.GetValue(node);
            var snapshot = result.Snapshot with { Services = ServicesWithoutEndpoints(result.Snapshot) };
            var compiled = nodeName is null ? CompileForAnyDirector(snapshot) : Compiler.Compile(
                snapshot with { Nodes = [new NodeInfo(nodeName, nodeLabels)] }, new CompilerOptions());
            PlanPrinter.Print(stdout, compiled, nodeName ?? AnyDirector, showOtherNodes: nodeName is null, parsed.GetValue(rulesOnly));
            foreach (var (vs, outcome) in compiled.VirtualServices)
                foreach (var problem in outcome.Problems) stderr.WriteLine($"warning: {vs}: {problem}");
            if (result.Snapshot.VirtualServices.Any(vs => vs.Spec.RealServers?.Service is not null))
                stderr.WriteLine("note: real servers from a Kubernetes Service come from its EndpointSlices, known only in the cluster");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// Offline no Service is known, and the compiler programs nothing for a missing one: each Service a
    /// VirtualService names stands in with the ports named and no endpoints, so the plan shows the IPVS
    /// service and VIP the directors get once the Service exists.
    /// </summary>
    private static List<ServiceBackends> ServicesWithoutEndpoints(ClusterSnapshot snapshot) =>
        snapshot.VirtualServices
            .Where(vs => vs.Spec.RealServers?.Service is not null)
            .GroupBy(vs => (Namespace: vs.Metadata.Namespace ?? "", vs.Spec.RealServers!.Service!.Name))
            .Select(g => new ServiceBackends(g.Key.Namespace, g.Key.Name,
                g.Select(vs => PortNamed(vs.Spec.RealServers!.Service!.Port)).Distinct().ToList(), []))
            .ToList();

    private static ServicePortInfo PortNamed(IntOrString? port) =>
        new(port?.Name ?? "", port?.Number ?? 0, Protocol.Tcp);

    /// <summary>Without a node, every VirtualService is planned on one stand-in director, whatever its node selector.</summary>
    private static CompiledState CompileForAnyDirector(ClusterSnapshot snapshot) => Compiler.Compile(
        snapshot with
        {
            VirtualServices = snapshot.VirtualServices.Select(vs => vs with { Spec = vs.Spec with { Directors = null } }).ToList(),
            Nodes = [new NodeInfo(AnyDirector, new Dictionary<string, string>())],
        },
        new CompilerOptions());

    private static bool TryParseLabels(string[] pairs, out Dictionary<string, string> labels, out string? bad)
    {
        labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var at = pair.IndexOf('=', StringComparison.Ordinal);
            if (at <= 0)
            {
                bad = pair;
                return false;
            }

            labels[pair[..at]] = pair[(at + 1)..];
        }

        bad = null;
        return true;
    }
}
