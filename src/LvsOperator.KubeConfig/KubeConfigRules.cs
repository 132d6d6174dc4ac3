using LvsOperator.Hosting;

namespace LvsOperator.KubeConfig;

/// <summary>
/// client-go's loading order (clientcmd.ClientConfigLoadingRules, then rest.InClusterConfig): an explicit
/// <c>--kubeconfig</c>, which must exist; otherwise the files <c>KUBECONFIG</c> names (missing ones skipped),
/// or <c>~/.kube/config</c> when <c>KUBECONFIG</c> is unset; in-cluster only when none of those exist.
/// <c>--api-server</c>, a bare URL, bypasses them all.
/// </summary>
public static class KubeConfigRules
{
    public static KubeConfigSource Choose(KubeClientOptions options, KubeConfigEnvironment environment, Func<string, bool> fileExists)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(fileExists);
        if (options.ApiServer.Length > 0)
        {
            return new KubeConfigSource(KubeConfigOrigin.ApiServer, []);
        }

        if (options.Kubeconfig.Length > 0)
        {
            return fileExists(options.Kubeconfig)
                ? new KubeConfigSource(KubeConfigOrigin.Flag, [options.Kubeconfig])
                : throw new StartupException($"--kubeconfig {options.Kubeconfig}: no such file.");
        }

        var (origin, candidates) = environment.KubeconfigVariable is { Length: > 0 } variable
            ? (KubeConfigOrigin.EnvironmentVariable, Split(variable))
            : (KubeConfigOrigin.Home, HomeConfig(environment.HomeDirectory));
        string[] existing = [.. candidates.Where(fileExists)];
        if (existing.Length > 0)
        {
            return new KubeConfigSource(origin, existing);
        }

        var looked = origin == KubeConfigOrigin.EnvironmentVariable
            ? $"KUBECONFIG names no file that exists ({string.Join(", ", candidates)})"
            : $"{(candidates.Length > 0 ? candidates[0] : "~/.kube/config")} does not exist";
        if (!environment.InCluster)
        {
            throw new StartupException(
                $"No Kubernetes API server to talk to: no --kubeconfig, {looked}, and not in a pod (KUBERNETES_SERVICE_HOST is unset).");
        }

        return options.Context.Length == 0
            ? new KubeConfigSource(KubeConfigOrigin.InCluster, [])
            : throw new StartupException($"--context {options.Context} needs a kubeconfig, but {looked}.");
    }

    /// <summary>KUBECONFIG's list, as client-go reads it: empty entries and repeats dropped, order kept.</summary>
    private static string[] Split(string variable) =>
        [.. variable.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal)];

    private static string[] HomeConfig(string? home) => string.IsNullOrEmpty(home) ? [] : [Path.Combine(home, ".kube", "config")];
}
