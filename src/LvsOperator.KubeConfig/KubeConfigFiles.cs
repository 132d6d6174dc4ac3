using k8s;
using k8s.KubeConfigModels;

namespace LvsOperator.KubeConfig;

/// <summary>
/// Reads kubeconfig files and merges them as client-go does for <c>KUBECONFIG</c>: the first file to name a
/// cluster, user or context wins, and so does the first <c>current-context</c>. KubernetesClient.Aot keeps its
/// own multi-file merge internal, and it would resolve every file's relative paths against the first file's
/// folder; here each file's paths are made absolute against its own folder first.
/// </summary>
internal static class KubeConfigFiles
{
    public static K8SConfiguration Load(IReadOnlyList<string> paths)
    {
        K8SConfiguration? merged = null;
        foreach (var path in paths)
        {
            var file = KubernetesClientConfiguration.LoadKubeConfig(new FileInfo(path), useRelativePaths: false);
            Anchor(file, Path.GetDirectoryName(Path.GetFullPath(path))!);
            merged = merged is null ? file : Merge(merged, file);
        }

        return merged ?? throw new ArgumentException("No kubeconfig file to read.", nameof(paths));
    }

    private static K8SConfiguration Merge(K8SConfiguration first, K8SConfiguration next)
    {
        first.CurrentContext = string.IsNullOrEmpty(first.CurrentContext) ? next.CurrentContext : first.CurrentContext;
        first.Clusters = FirstByName(first.Clusters, next.Clusters, cluster => cluster.Name);
        first.Users = FirstByName(first.Users, next.Users, user => user.Name);
        first.Contexts = FirstByName(first.Contexts, next.Contexts, context => context.Name);
        return first;
    }

    private static List<T> FirstByName<T>(IEnumerable<T>? first, IEnumerable<T>? next, Func<T, string> name)
    {
        List<T> all = [.. first ?? [], .. next ?? []];
        return [.. all.DistinctBy(name, StringComparer.Ordinal)];
    }

    /// <summary>client-go's ResolvePaths: the CA, client certificate and key, and an exec command given as a path.</summary>
    private static void Anchor(K8SConfiguration file, string folder)
    {
        foreach (var endpoint in (file.Clusters ?? []).Select(cluster => cluster.ClusterEndpoint).OfType<ClusterEndpoint>())
        {
            endpoint.CertificateAuthority = Absolute(endpoint.CertificateAuthority, folder);
        }

        foreach (var credentials in (file.Users ?? []).Select(user => user.UserCredentials).OfType<UserCredentials>())
        {
            credentials.ClientCertificate = Absolute(credentials.ClientCertificate, folder);
            credentials.ClientKey = Absolute(credentials.ClientKey, folder);
            if (credentials.ExternalExecution is { Command: { } command } exec && command.Contains('/', StringComparison.Ordinal))
            {
                exec.Command = Absolute(command, folder);
            }
        }
    }

    private static string Absolute(string? path, string folder) =>
        string.IsNullOrEmpty(path) || Path.IsPathRooted(path) ? path! : Path.GetFullPath(Path.Combine(folder, path));
}
