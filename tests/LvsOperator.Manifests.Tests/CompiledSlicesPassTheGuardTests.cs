using System.Collections.Immutable;
using LvsOperator.Core.Compilation;
using LvsOperator.Core.Publishing;
using LvsOperator.Core.Resources;

namespace LvsOperator.Manifests.Tests;

/// <summary>
/// Issue 13: the agent's guard on NodeSlices refuses what the compiler never emits, so everything the compiler does
/// emit must pass it. Every manifest of examples/ and tests/manifests/valid, compiled as the controller does for a
/// director carrying the labels its directors ask for and for the nodes its real servers name; the fuzzing suite
/// holds the same property over every manifest it finds valid.
/// </summary>
public sealed class CompiledSlicesPassTheGuardTests
{
    public static TheoryData<string> Manifests()
    {
        var data = new TheoryData<string>();
        foreach (var file in Files()) data.Add(file);
        return data;
    }

    [Theory]
    [MemberData(nameof(Manifests))]
    public void Every_slice_the_compiler_makes_from_a_manifest_passes_the_guard(string file)
    {
        var slices = SlicesOf(ManifestLoader.Load([Repo.Path(file)]));

        foreach (var (name, slice) in slices) Assert.True(NodeSliceCodec.TryDecode(slice, out _, out var problem), $"{name}: {problem}");
    }

    [Fact]
    public void The_manifests_reach_every_link_and_interface_sysctl_the_guard_allows()
    {
        var specs = Files().SelectMany(file => SlicesOf(ManifestLoader.Load([Repo.Path(file)]))).Select(s => s.Slice.Spec).ToList();

        Assert.Superset(new HashSet<string> { "lvs0", "tunl0" }, specs.SelectMany(s => s.Links).Select(l => l.Name).ToHashSet());
        Assert.Superset(
            new HashSet<string> { "net.ipv4.conf.lo.arp_ignore", "net.ipv4.conf.tunl0.rp_filter", "net.ipv4.vs.conntrack", "net.ipv4.ip_forward" },
            specs.SelectMany(s => s.Sysctls).Select(s => s.Name).ToHashSet());
    }

    private static IEnumerable<string> Files() => Directory.EnumerateFiles(Repo.Path("examples"), "*.yaml")
        .Concat(Directory.EnumerateFiles(Repo.Path("tests", "manifests", "valid"), "*.yaml"))
        .Select(f => Path.GetRelativePath(Repo.Path(), f)).Order(StringComparer.Ordinal);

    /// <summary>The slices the controller would publish for the manifests' resources.</summary>
    internal static List<(string Name, NodeSlice Slice)> SlicesOf(ManifestSet set)
    {
        var virtualServices = set.VirtualServices.Select(v => v.Resource).ToList();
        var labels = virtualServices.SelectMany(v => v.Spec.Directors?.NodeSelector ?? ImmutableDictionary<string, string>.Empty)
            .GroupBy(l => l.Key).ToDictionary(g => g.Key, g => g.First().Value);
        var nodes = set.RealServers.Select(r => r.Resource.Spec.NodeName)
            .Concat(virtualServices.SelectMany(v => v.Spec.RealServers?.Static ?? []).Select(s => s.NodeName))
            .OfType<string>().Distinct(StringComparer.Ordinal)
            .Select(n => new NodeInfo(n, ImmutableDictionary<string, string>.Empty))
            .Prepend(new NodeInfo("director-1", labels)).ToList();
        var compiled = Compiler.Compile(new ClusterSnapshot(virtualServices, set.RealServers.Select(r => r.Resource).ToList(), [], nodes), new CompilerOptions());
        return compiled.Fragments
            .SelectMany(vs => vs.Value.SelectMany(share => NodeSliceCodec.Encode(vs.Key.Name, share.Key, share.Value)))
            .Select(d => (d.Name, new NodeSlice { Metadata = new ObjectMeta { Name = d.Name, Namespace = "default" }, Spec = d.Spec }))
            .ToList();
    }
}
