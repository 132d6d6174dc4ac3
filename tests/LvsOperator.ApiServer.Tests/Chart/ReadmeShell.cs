namespace LvsOperator.ApiServer.Tests.Chart;

/// <summary>
/// Runs a README block as a user's shell would, from the checkout's root: <c>bash -e</c>, <c>helm</c> (from
/// <see cref="Helm"/>) and <c>kubectl</c> on PATH, KUBECONFIG naming the server's admin kubeconfig, and a HOME of
/// its own so no one's real configuration or caches take part.
/// </summary>
internal static class ReadmeShell
{
    public static async Task<CommandResult> RunAsync(KubeApiServer server, string block)
    {
        var helm = await Helm.BinaryAsync();
        var home = Path.Combine(server.Directory, "readme-home");
        var environment = Helm.Environment(server.AdminKubeconfig, home);
        environment["PATH"] = $"{Path.GetDirectoryName(helm)}:{Environment.GetEnvironmentVariable("PATH")}";
        environment["KUBECACHEDIR"] = Path.Combine(home, ".kube", "cache");
        return await Command.RunAsync("bash", ["-e", "-x", "-c", ReadmeBlocks.Get(block)], environment, Repo.Root);
    }
}
