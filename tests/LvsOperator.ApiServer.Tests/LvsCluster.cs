namespace LvsOperator.ApiServer.Tests;

/// <summary>The collection that shares one API server with LvsOperator's CRDs, namespaces and RBAC installed.</summary>
[CollectionDefinition(Name)]
public sealed class LvsCluster : ICollectionFixture<LvsClusterFixture>
{
    public const string Name = "LvsOperator on a real API server";
}

/// <summary>config/crd and config/rbac installed, as the README's no-Helm path does, plus the test namespaces.</summary>
public sealed class LvsClusterFixture : ApiServerFixture
{
    public static readonly string[] Namespaces = ["lvs-operator", "lvs-demo", "lvs-test"];

    protected override async Task PrepareAsync(KubeApiServer server)
    {
        (await server.InstallCrdsAsync(Repo.Path("config", "crd"))).EnsureSuccess();
        foreach (var ns in Namespaces) (await server.KubectlAsync("create", "namespace", ns)).EnsureSuccess();
        (await server.KubectlAsync("apply", "--server-side", "-f", Repo.Path("config", "rbac"))).EnsureSuccess();
    }
}
