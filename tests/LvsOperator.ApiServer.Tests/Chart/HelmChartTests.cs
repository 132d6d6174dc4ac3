using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace LvsOperator.ApiServer.Tests.Chart;

/// <summary>
/// <c>helm install</c> of <c>charts/lvs-operator</c> into kube-apiserver v1.36.2 (no --wait: without a kubelet no
/// Deployment becomes Available), then <c>helm uninstall</c>; and the README's path for CRDs kubectl applied first.
/// </summary>
[Collection(HelmChartCollection.Name)]
public sealed partial class HelmChartTests(PrivilegedApiServerFixture fixture, ITestOutputHelper output)
{
    /// <summary>
    /// The default values, and every option on (tests/chart/values-everything.yaml) but the ServiceMonitors, whose
    /// kind needs prometheus-operator's CRDs, which this API server does not have.
    /// </summary>
    public static TheoryData<string, string[]> ValueSets => new()
    {
        { "default", [] },
        { "everything", ["--values", "tests/chart/values-everything.yaml", "--set", "metrics.serviceMonitor.enabled=false"] },
    };

    [Theory]
    [MemberData(nameof(ValueSets))]
    public async Task Install_creates_every_rendered_object_and_uninstall_leaves_only_the_crds(string name, string[] values)
    {
        var server = fixture.Server;
        string release = $"lvs-{name}", @namespace = $"chart-{name}";
        var before = await ClusterInventory.TakeAsync(server);

        var clock = Stopwatch.StartNew();
        string[] install = ["install", release, "charts/lvs-operator", "-n", @namespace, "--create-namespace", .. values];
        (await Helm.RunAsync(server, install)).EnsureSuccess();
        output.WriteLine($"helm install: {clock.ElapsedMilliseconds} ms");
        var manifest = await WriteManifestAsync(release, @namespace);

        // kubectl get -f fails on the first object the server does not have.
        var objects = await ClusterInventory.OfAsync(server, manifest);
        foreach (var row in objects) output.WriteLine(row);
        Assert.Equal(RenderedDocuments(File.ReadAllText(manifest)), objects.Count);
        Assert.Contains(objects, row => row.StartsWith("ClusterRole ", StringComparison.Ordinal));
        Assert.All(objects.Where(row => !IsClusterScoped(row)), row => Assert.Equal(@namespace, row.Split(' ')[2]));
        var crds = Repo.Path("charts", "lvs-operator", "crds");
        (await server.KubectlAsync("wait", "--for=condition=Established", "--timeout=30s", "-f", crds)).EnsureSuccess();

        clock.Restart();
        (await Helm.RunAsync(server, "uninstall", release, "-n", @namespace)).EnsureSuccess();
        output.WriteLine($"helm uninstall: {clock.ElapsedMilliseconds} ms");

        var left = await server.KubectlAsync("get", "-f", manifest, "--ignore-not-found", "-o", "name");
        Assert.Equal((0, ""), (left.ExitCode, left.Stdout.Trim()));
        var after = await ClusterInventory.TakeAsync(server);
        Assert.Empty(before.Except(after));
        // Helm creates the namespace of --create-namespace and never deletes it; its release Secrets are gone.
        var added = after.Except(before).Where(row => !ClusterInventory.IsOurApiGroup(row));
        Assert.Equal([$"Namespace v1 <none> {@namespace}"], added);
        Assert.Equal(Directory.GetFiles(crds, "*.yaml").Length, after.Count(ClusterInventory.IsOurCrd));
    }

    [Fact]
    public async Task Crds_kubectl_applied_first_that_differ_make_helm_install_conflict_and_the_readme_skip_crds_path_installs()
    {
        var server = fixture.Server;
        var changed = Path.Combine(server.Directory, "virtualservices-changed.yaml");
        var original = File.ReadAllText(Repo.Path("config", "crd", "lvsoperator.io_virtualservices.yaml"));
        Assert.Contains("maxItems: 16\n", original);
        File.WriteAllText(changed, FirstMaxItems16().Replace(original, "maxItems: 17\n", 1));
        try
        {
            (await server.KubectlAsync("apply", "--server-side", "--force-conflicts", "-f", changed)).EnsureSuccess();

            var plain = await ReadmeShell.RunAsync(server, "helm");
            Assert.NotEqual(0, plain.ExitCode);
            Assert.Contains("conflict with \"kubectl\"", plain.Stderr);

            var skipCrds = await ReadmeShell.RunAsync(server, "helm-skip-crds");
            Assert.True(skipCrds.ExitCode == 0, skipCrds.Stderr);
            var manifest = await WriteManifestAsync("lvs-operator", "lvs-operator");
            (await server.KubectlAsync("get", "-f", manifest, "-o", "name")).EnsureSuccess();
        }
        finally
        {
            await Helm.RunAsync(server, "uninstall", "lvs-operator", "-n", "lvs-operator", "--ignore-not-found");
            await server.KubectlAsync("apply", "--server-side", "--force-conflicts", "-f", Repo.Path("config", "crd"));
        }
    }

    private async Task<string> WriteManifestAsync(string release, string @namespace)
    {
        var path = Path.Combine(fixture.Server.Directory, $"{release}.{@namespace}.manifest.yaml");
        var manifest = (await Helm.RunAsync(fixture.Server, "get", "manifest", release, "-n", @namespace)).EnsureSuccess();
        await File.WriteAllTextAsync(path, manifest.Stdout);
        return path;
    }

    private static int RenderedDocuments(string manifest) => TopLevelKind().Count(manifest);

    private static bool IsClusterScoped(string row) => row.Split(' ')[2] == "<none>";

    [GeneratedRegex(@"^kind: ", RegexOptions.Multiline)]
    private static partial Regex TopLevelKind();

    [GeneratedRegex(@"maxItems: 16\n")]
    private static partial Regex FirstMaxItems16();
}
