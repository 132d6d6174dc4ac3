namespace LvsOperator.EnvTest;

/// <summary>
/// Where kube-apiserver and etcd are: <c>KUBEBUILDER_ASSETS</c> (controller-runtime's envtest convention), else the
/// checkout's sibling <c>../shared/envtest/bin</c>. Missing binaries are an error, never a reason to skip.
/// </summary>
public static class EnvTestAssets
{
    public const string Variable = "KUBEBUILDER_ASSETS";

    public static string Directory => Find(Environment.GetEnvironmentVariable(Variable));

    public static string KubeApiServer => Path.Combine(Directory, "kube-apiserver");

    public static string Etcd => Path.Combine(Directory, "etcd");

    /// <summary>The folder to use, given the variable's value (null when unset).</summary>
    public static string Find(string? fromEnvironment)
    {
        var fallback = Path.GetFullPath(Path.Combine(LvsOperator.Testing.Repo.Root, "..", "shared", "envtest", "bin"));
        var candidate = string.IsNullOrEmpty(fromEnvironment) ? fallback : Path.GetFullPath(fromEnvironment);
        if (File.Exists(Path.Combine(candidate, "kube-apiserver")) && File.Exists(Path.Combine(candidate, "etcd")))
        {
            return candidate;
        }

        var source = string.IsNullOrEmpty(fromEnvironment) ? $"{Variable} is not set and the fallback" : $"{Variable}={fromEnvironment}";
        throw new InvalidOperationException(
            $"No API server to test against: {source} ({candidate}) holds no kube-apiserver and etcd. "
            + $"Set {Variable} to a folder with both (setup-envtest use 1.36.x -p path).");
    }
}
