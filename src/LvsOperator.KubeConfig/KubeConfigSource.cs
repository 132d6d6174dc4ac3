namespace LvsOperator.KubeConfig;

/// <summary>Where the connection comes from, as the loading rules chose it.</summary>
public enum KubeConfigOrigin
{
    /// <summary><c>--api-server</c>: a bare URL.</summary>
    ApiServer,

    /// <summary><c>--kubeconfig</c>.</summary>
    Flag,

    /// <summary>The files <c>KUBECONFIG</c> names that exist, merged (the first to set a value wins).</summary>
    EnvironmentVariable,

    /// <summary><c>~/.kube/config</c>.</summary>
    Home,

    /// <summary>The pod's service account.</summary>
    InCluster,
}

/// <summary>The loading rules' choice: an origin and, for a kubeconfig, its files in merge order.</summary>
public sealed record KubeConfigSource(KubeConfigOrigin Origin, IReadOnlyList<string> Files)
{
    public override string ToString() => Origin switch
    {
        KubeConfigOrigin.ApiServer => "--api-server",
        KubeConfigOrigin.InCluster => "the in-cluster service account",
        KubeConfigOrigin.Flag => $"--kubeconfig {Files[0]}",
        KubeConfigOrigin.EnvironmentVariable => $"KUBECONFIG {string.Join(':', Files)}",
        _ => Files[0],
    };
}
