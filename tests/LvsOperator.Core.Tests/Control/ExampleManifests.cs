using LvsOperator.Core.Compilation;
using LvsOperator.Manifests;

namespace LvsOperator.Core.Tests.Control;

/// <summary>The repository's examples/ as compiler snapshots, with one labelled director node.</summary>
internal static class ExampleManifests
{
    public static ClusterSnapshot Snapshot(string file)
    {
        var set = ManifestLoader.Load([Path.Combine(RepoRoot(), "examples", file)]);
        Assert.Empty(set.Errors);
        return new ClusterSnapshot(
            set.VirtualServices.Select(v => v.Resource).ToList(), set.RealServers.Select(r => r.Resource).ToList(), [],
            [Make.Node("director", ("lvsoperator.io/director", "true"))]);
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "LvsOperator.sln"))) return dir.FullName;
        throw new InvalidOperationException("LvsOperator.sln not found above the test binaries");
    }
}
