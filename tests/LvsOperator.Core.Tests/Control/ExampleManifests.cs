using LvsOperator.Core.Compilation;
using LvsOperator.Manifests;

namespace LvsOperator.Core.Tests.Control;

/// <summary>The repository's examples/ as compiler snapshots, with one labelled director node.</summary>
internal static class ExampleManifests
{
    public static ClusterSnapshot Snapshot(string file)
    {
        var set = ManifestLoader.Load([Repo.Path("examples", file)]);
        Assert.Empty(set.Errors);
        return new ClusterSnapshot(
            set.VirtualServices.Select(v => v.Resource).ToList(), set.RealServers.Select(r => r.Resource).ToList(), [],
            [Make.Node("director", ("lvsoperator.io/director", "true"))]);
    }

}
