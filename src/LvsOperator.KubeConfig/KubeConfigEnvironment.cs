namespace LvsOperator.KubeConfig;

/// <summary>What the loading rules read from the process's surroundings, so that tests can set it.</summary>
/// <param name="KubeconfigVariable">The <c>KUBECONFIG</c> environment variable: files separated by ':'.</param>
/// <param name="HomeDirectory">Where <c>.kube/config</c> is looked for (client-go: <c>$HOME</c>).</param>
/// <param name="InCluster">Whether <c>KUBERNETES_SERVICE_HOST</c> and <c>_PORT</c> say this is a pod.</param>
public sealed record KubeConfigEnvironment(string? KubeconfigVariable, string? HomeDirectory, bool InCluster)
{
    public static KubeConfigEnvironment Current() => new(
        Environment.GetEnvironmentVariable("KUBECONFIG"),
        Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } home ? home : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST"))
        && !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_PORT")));
}
