namespace LvsOperator.ApiServer.Tests;

/// <summary>What the README and the corpus call valid, the real API server accepts (server-side apply, dry run).</summary>
[Collection(LvsCluster.Name)]
public sealed class AcceptedManifestTests(LvsClusterFixture cluster)
{
    private static readonly string[] Folders = ["examples", "config/samples", "tests/manifests/valid"];

    public static TheoryData<string> Files() =>
        new(Folders
            .SelectMany(folder => Directory.EnumerateFiles(Repo.Path(folder), "*.yaml"))
            .Select(f => Path.GetRelativePath(Repo.Root, f))
            .Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Every_document_is_accepted_by_the_server(string file)
    {
        var applied = await cluster.Server.KubectlAsync("apply", "--server-side", "--dry-run=server", "--field-manager=envtest", "-f", Repo.Path(file));

        Assert.True(applied.ExitCode == 0, applied.Stderr);
        var documents = File.ReadAllText(Repo.Path(file)).Split("\n---").Count(d => d.Contains("kind:", StringComparison.Ordinal));
        Assert.Equal(documents, applied.Stdout.Split('\n').Count(l => l.Contains("serverside-applied (server dry run)", StringComparison.Ordinal)));
    }
}
