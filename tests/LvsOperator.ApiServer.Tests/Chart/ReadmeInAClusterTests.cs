using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace LvsOperator.ApiServer.Tests.Chart;

/// <summary>
/// The README's "In a cluster" commands, verbatim, against kube-apiserver v1.36.2: each install path on a server of
/// its own, then the samples block. The one precondition a real cluster meets by itself: Node <c>edge-a</c>
/// exists (a kubelet would have registered it).
/// </summary>
public static class ReadmeInAClusterTests
{
    [Fact]
    public static void Every_shell_block_of_the_section_is_marked_and_so_run_by_a_test()
    {
        Assert.Equal(["helm", "kustomize", "samples", "helm-skip-crds"], ReadmeBlocks.Marked.Keys);
        Assert.Equal(ReadmeBlocks.ShellBlockCount, ReadmeBlocks.Marked.Count);
    }

    /// <summary>Runs the samples block after an install path and checks what it made and printed.</summary>
    internal static async Task RunSamplesBlockAsync(KubeApiServer server, ITestOutputHelper output)
    {
        (await server.ApplyAsync("apiVersion: v1\nkind: Node\nmetadata: {name: edge-a}\n")).EnsureSuccess();
        var samples = await ReadmeShell.RunAsync(server, "samples");
        output.WriteLine(samples.Stderr + samples.Stdout);
        samples.EnsureSuccess();

        var label = await server.KubectlAsync("get", "node", "edge-a",
            "-o", "jsonpath={.metadata.labels.lvsoperator\\.io/director}");
        Assert.Equal("true", label.EnsureSuccess().Stdout);
        (await server.KubectlAsync("get", "-f", Repo.Path("config", "samples"), "-o", "name")).EnsureSuccess();

        // kubectl get vs -A prints the README's columns, and the rows' spec columns as shown (READY, PROGRAMMED
        // and ACTIVE are the controller's and the agents', which do not run here).
        var shown = ReadmeBlocks.OutputAfter("samples");
        var printed = samples.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .SkipWhile(line => !line.StartsWith("NAMESPACE ", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(printed);
        Assert.Equal(Words(shown[0]), Words(printed[0]));
        Assert.Equal(shown.Skip(1).Select(line => Words(line).Take(7)), printed.Skip(1).Select(line => Words(line).Take(7)));
    }

    private static string[] Words(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}

[Collection(ReadmeHelmCollection.Name)]
public sealed class ReadmeHelmPathTests(PrivilegedApiServerFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Helm_install_block_then_the_samples_block_run_verbatim()
    {
        var server = fixture.Server;
        var install = await ReadmeShell.RunAsync(server, "helm");
        Assert.True(install.ExitCode == 0, install.Stderr);

        var status = (await Helm.RunAsync(server, "status", "lvs-operator", "-n", "lvs-operator", "-o", "json")).EnsureSuccess();
        Assert.Equal("deployed", (string?)JsonNode.Parse(status.Stdout)?["info"]?["status"]);
        (await server.KubectlAsync("get", "deployment/lvs-operator-controller", "daemonset/lvs-operator-agent-director",
            "daemonset/lvs-operator-agent-realserver", "-n", "lvs-operator")).EnsureSuccess();

        await ReadmeInAClusterTests.RunSamplesBlockAsync(server, output);
    }
}

[Collection(ReadmeKustomizeCollection.Name)]
public sealed class ReadmeKustomizePathTests(PrivilegedApiServerFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Kustomize_block_then_the_samples_block_run_verbatim()
    {
        var server = fixture.Server;
        var install = await ReadmeShell.RunAsync(server, "kustomize");
        Assert.True(install.ExitCode == 0, install.Stderr);

        // kubectl get -k fails on the first object of config/default the server does not have.
        var objects = (await server.KubectlAsync("get", "-k", Repo.Path("config", "default"), "-o", "name")).EnsureSuccess();
        output.WriteLine(objects.Stdout);
        var enforce = await server.KubectlAsync("get", "namespace", "lvs-operator",
            "-o", "jsonpath={.metadata.labels.pod-security\\.kubernetes\\.io/enforce}");
        Assert.Equal("privileged", enforce.EnsureSuccess().Stdout);

        await ReadmeInAClusterTests.RunSamplesBlockAsync(server, output);
    }
}
