namespace LvsOperator.ApiServer.Tests;

/// <summary>A typo in a kind of our group: kubectl refuses it against the real server, and lvsctl with the same words.</summary>
[Collection(LvsCluster.Name)]
public sealed class UnknownKindTests(LvsClusterFixture cluster)
{
    private const string Typo = """
        apiVersion: lvsoperator.io/v1alpha1
        kind: VirtualServce
        metadata: {name: web, namespace: lvs-test}
        spec: {addresses: [192.0.2.1], port: 80, realServers: {static: [{address: 198.18.0.1}]}}
        """;

    [Fact]
    public async Task The_server_and_lvsctl_both_refuse_a_kind_our_group_does_not_have()
    {
        var file = Path.Combine(cluster.Server.Directory, "typo.yaml");
        await File.WriteAllTextAsync(file, Typo);

        var applied = await cluster.Server.KubectlAsync("apply", "--server-side", "--dry-run=server", "-f", file);
        var lvsctl = LvsctlVerdict.Check(file);

        const string words = "no matches for kind \"VirtualServce\" in version \"lvsoperator.io/v1alpha1\"";
        Assert.NotEqual(0, applied.ExitCode);
        Assert.Contains(words, applied.Stderr);
        Assert.Equal(1, lvsctl.ExitCode);
        Assert.Equal(new FieldError("kind", words), Assert.Single(lvsctl.Errors));
    }
}
