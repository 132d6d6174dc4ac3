using k8s;
using k8s.KubeConfigModels;
using LvsOperator.Hosting;
using LvsOperator.Kubernetes.Client;

namespace LvsOperator.KubeConfig;

/// <summary>
/// Reads what <see cref="KubeConfigRules"/> chose, with KubernetesClient's kubeconfig reader (merging, relative
/// paths, tokenFile, exec plugins, auth providers), and turns every way it can fail into one sentence.
/// </summary>
public static class KubeClientLoader
{
    public static LoadedKubeClient Load(KubeClientOptions options, KubeConfigEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        var source = KubeConfigRules.Choose(options, environment, File.Exists);
        switch (source.Origin)
        {
            case KubeConfigOrigin.ApiServer:
                var server = new Uri(options.ApiServer);
                return new LoadedKubeClient(source, null, new KubernetesClientConfiguration { Host = options.ApiServer }, () => KubeConnection.ForServer(server));
            case KubeConfigOrigin.InCluster:
                return new LoadedKubeClient(source, null, InCluster(), () => KubeConnection.InCluster());
            default:
                var kubeconfig = Read(source);
                var context = ContextOf(kubeconfig, options.Context, source);
                var configuration = Build(kubeconfig, context, source);
                var endpoint = KubeEndpoints.From(configuration);
                return new LoadedKubeClient(source, context, configuration, () => KubeConnection.Create(endpoint));
        }
    }

    private static K8SConfiguration Read(KubeConfigSource source)
    {
        try
        {
            return KubeConfigFiles.Load(source.Files);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new StartupException($"Cannot read the kubeconfig ({source}): {e.Message}", e);
        }
    }

    private static string ContextOf(K8SConfiguration kubeconfig, string requested, KubeConfigSource source)
    {
        var known = kubeconfig.Contexts?.Select(context => context.Name).ToArray() ?? [];
        var context = requested.Length > 0 ? requested : kubeconfig.CurrentContext;
        var list = known.Length == 0 ? "it has none" : $"it has {string.Join(", ", known)}";
        if (string.IsNullOrEmpty(context))
            throw new StartupException($"The kubeconfig ({source}) has no current-context; name one with --context ({list}).");
        if (!known.Contains(context, StringComparer.Ordinal))
            throw new StartupException($"The kubeconfig ({source}) has no context '{context}' ({list}).");
        return context;
    }

    private static KubernetesClientConfiguration Build(K8SConfiguration kubeconfig, string context, KubeConfigSource source)
    {
        try
        {
            // Runs the user's exec plugin, if it has one, for the first token.
            return KubernetesClientConfiguration.BuildConfigFromConfigObject(kubeconfig, context);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new StartupException($"The kubeconfig ({source}), context '{context}', cannot be used: {e.Message}", e);
        }
    }

    private static KubernetesClientConfiguration InCluster()
    {
        try
        {
            return KubernetesClientConfiguration.InClusterConfig();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new StartupException($"Cannot use the pod's service account: {e.Message}", e);
        }
    }
}
