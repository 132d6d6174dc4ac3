using LvsOperator.Core.Compilation;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Planning;

namespace LvsOperator.Cli;

/// <summary>Prints compiled node states: IPVS rules as ipvsadm lines, the rest of the node's setup as comments.</summary>
internal static class PlanPrinter
{
    public static void Print(TextWriter output, CompiledState compiled, string node, bool showOtherNodes, bool rulesOnly)
    {
        var state = compiled.ForNode(node);
        if (!rulesOnly) output.WriteLine($"# lvsctl plan for node {node}: IPVS rules in ipvsadm -S -n syntax (--rules-only for ipvsadm -R)");
        foreach (var line in IpvsadmRules.Format(state.Services.Values)) output.WriteLine(line);
        if (rulesOnly) return;

        PrintNodeSetup(output, node, state);
        if (!showOtherNodes) return;

        foreach (var (other, otherState) in compiled.Nodes.Where(n => n.Key != node))
            PrintNodeSetup(output, other, otherState);
    }

    private static void PrintNodeSetup(TextWriter output, string node, NodeDesiredState state)
    {
        foreach (var (link, kind) in state.Links)
            output.WriteLine(kind == LinkKind.Dummy ? $"# {node}: link add {link} type dummy; link set {link} up" : $"# {node}: link set {link} up");
        foreach (var address in state.Addresses) output.WriteLine($"# {node}: address add {address}");
        foreach (var (name, value) in state.Sysctls) output.WriteLine($"# {node}: sysctl {name}={value}");
        foreach (var service in state.SourceNat) output.WriteLine($"# {node}: nft masquerade NAT connections of {service} (table inet lvsoperator)");
        foreach (var port in state.GuePorts) output.WriteLine($"# {node}: {new AddGuePort(port)}");
    }
}
