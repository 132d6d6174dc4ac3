using k8s;
using LvsOperator.Kubernetes.Client;

namespace LvsOperator.KubeConfig;

/// <summary>
/// The configuration the loading rules produced, once per process: KubernetesClient's own form, and the
/// connection <see cref="KubeApiClient"/> runs on.
/// </summary>
public sealed class LoadedKubeClient
{
    private readonly Func<KubeConnection> connect;

    internal LoadedKubeClient(KubeConfigSource source, string? context, KubernetesClientConfiguration configuration, Func<KubeConnection> connect)
    {
        Source = source;
        Context = context;
        Configuration = configuration;
        this.connect = connect;
    }

    public KubeConfigSource Source { get; }

    /// <summary>The kubeconfig context in use; null for in-cluster and <c>--api-server</c>.</summary>
    public string? Context { get; }

    public KubernetesClientConfiguration Configuration { get; }

    /// <summary>A new connection (each <see cref="KubeApiClient"/> owns and disposes its handler).</summary>
    public KubeConnection Connect() => connect();
}
