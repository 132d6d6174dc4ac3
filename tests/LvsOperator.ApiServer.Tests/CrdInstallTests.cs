using Xunit.Abstractions;

namespace LvsOperator.ApiServer.Tests;

/// <summary>Each CRD folder into a fresh API server: an update of an installed CRD would ratchet its CEL cost check.</summary>
public sealed class CrdInstallTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("config/crd")]
    [InlineData("charts/lvs-operator/crds")]
    public async Task Every_crd_installs_and_becomes_established(string folder)
    {
        await using var server = await KubeApiServer.StartAsync();
        output.WriteLine($"API server ready in {server.StartupTime.TotalMilliseconds:F0} ms");

        var installed = await server.InstallCrdsAsync(Repo.Path(folder));

        Assert.True(installed.ExitCode == 0, installed.Stderr + installed.Stdout);
        var established = await server.KubectlAsync("get", "crd", "-o",
            "jsonpath={range .items[*]}{.metadata.name}={.status.conditions[?(@.type==\"Established\")].status}{\"\\n\"}{end}");
        var expected = Directory.EnumerateFiles(Repo.Path(folder), "*.yaml")
            .Select(f => Path.GetFileNameWithoutExtension(f).Split('_') is [var group, var plural] ? $"{plural}.{group}=True" : f)
            .Order();
        Assert.Equal(expected, established.EnsureSuccess().Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order());
    }
}
