namespace LvsOperator.ApiServer.Tests.Chart;

/// <summary>
/// kube-apiserver as clusters that run node agents start it: <c>--allow-privileged=true</c> (kubeadm, kind and k3s
/// set it). Without it the API server refuses the agent DaemonSets' privileged container ("disallowed by cluster
/// policy"). One server per collection below: the README's two install paths must not meet, and no
/// kube-controller-manager runs to finish deleting a namespace between them.
/// </summary>
public sealed class PrivilegedApiServerFixture : ApiServerFixture
{
    protected override ApiServerOptions Options => new() { ExtraApiServerArguments = ["--allow-privileged=true"] };
}

[CollectionDefinition(Name)]
public sealed class HelmChartCollection : ICollectionFixture<PrivilegedApiServerFixture>
{
    public const string Name = "Helm chart on a real API server";
}

[CollectionDefinition(Name)]
public sealed class ReadmeHelmCollection : ICollectionFixture<PrivilegedApiServerFixture>
{
    public const string Name = "README In a cluster, Helm path";
}

[CollectionDefinition(Name)]
public sealed class ReadmeKustomizeCollection : ICollectionFixture<PrivilegedApiServerFixture>
{
    public const string Name = "README In a cluster, kustomize path";
}
