using System.Net;
using LvsOperator.Agent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LvsOperator.Agent.Tests;

/// <summary>The standalone loader (issue 13): a broken or hostile folder keeps the last valid state and never throws.</summary>
public sealed class ManifestDirectorySourceTests : IDisposable
{
    private const string Service = """
        apiVersion: lvsoperator.io/v1alpha1
        kind: VirtualService
        metadata: {name: web}
        spec:
          addresses: [192.0.2.10]
          port: 80
          realServers: {static: [{address: 198.18.0.10, weight: 5}]}
        """;

    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"lvs-agent-{Guid.NewGuid():N}");

    [Theory]
    [InlineData("weight: 5", "weight: 4294967296")]
    [InlineData("192.0.2.10", "127.0.0.1")]
    [InlineData("[192.0.2.10]", "['2001:db8::10', '2001:DB8::10']")]
    [InlineData("port: 80", "port: 80\n  healthCheck: {interval: 0s}")]
    [InlineData("realServers:", "x: &a [*a]\n  realServers:")]
    [InlineData("spec:", "spec: &x [1, 2]\nb: &b [*x, *x, *x, *x, *x, *x, *x, *x, *x]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: [*f, *f, *f, *f, *f, *f, *f, *f, *f]\nspec2:")]
    public void A_hostile_edit_keeps_the_last_valid_state(string valid, string hostile)
    {
        // No folder yet: no watcher, so every read of Current loads again.
        var source = new ManifestDirectorySource(Options.Create(new AgentOptions { NodeName = "edge-1", Manifests = _dir }), NullLogger<ManifestDirectorySource>.Instance);
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Path.Combine(_dir, "web.yaml"), Service);
        var good = source.Current;
        Assert.NotNull(good);
        Assert.Contains(good.Addresses, a => a.Address.Equals(IPAddress.Parse("192.0.2.10")));

        File.WriteAllText(Path.Combine(_dir, "web.yaml"), Service.Replace(valid, hostile, StringComparison.Ordinal));

        Assert.Same(good, source.Current);
    }

    [Fact]
    public void A_nesting_bomb_and_an_oversized_file_keep_the_last_valid_state()
    {
        var source = new ManifestDirectorySource(Options.Create(new AgentOptions { NodeName = "edge-1", Manifests = _dir }), NullLogger<ManifestDirectorySource>.Instance);
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Path.Combine(_dir, "web.yaml"), Service);
        var good = source.Current;

        File.WriteAllText(Path.Combine(_dir, "deep.yaml"), new string('[', 1_000_000));
        Assert.Same(good, source.Current);
        File.WriteAllText(Path.Combine(_dir, "deep.yaml"), Service.Replace("web", "big", StringComparison.Ordinal) + "\n#" + new string('x', 600_000));
        Assert.Same(good, source.Current);
    }

    [Fact]
    public void Edits_read_by_changes_give_what_a_fresh_start_reads()
    {
        // No folder yet: no watcher, so every read of Current reads the folder again (by changes).
        var source = new ManifestDirectorySource(Options.Create(new AgentOptions { NodeName = "edge-1", Manifests = _dir }), NullLogger<ManifestDirectorySource>.Instance);
        Directory.CreateDirectory(_dir);
        for (var i = 0; i < 4; i++) Write($"web-{i}.yaml", Named(i));
        Write("pool.yaml", RealServerPool);
        var edits = new Action[]
        {
            () => Write("web-1.yaml", Named(1).Replace("weight: 5", "weight: 7", StringComparison.Ordinal)),
            () => File.Delete(Path.Combine(_dir, "web-2.yaml")),
            () => Write("web-3.yaml", Named(3).Replace("192.0.2.13", "192.0.2.10", StringComparison.Ordinal)), // a VIP conflict
            () => Write("web-3.yaml", Named(3).Replace("198.18.0.13", "198.18.0.99", StringComparison.Ordinal)),
            () => Write("web-0.yaml", Named(0).Replace("{static: [{address: 198.18.0.10, weight: 5}]}", "{selector: {}}", StringComparison.Ordinal)),
            () => Write("pool.yaml", RealServerPool.Replace("198.18.0.50", "198.18.0.51", StringComparison.Ordinal)),
            () => Write("web-9.yaml", Named(1)), // web-1 defined twice
            () => File.Delete(Path.Combine(_dir, "web-9.yaml")),
        };

        var expected = Describe(Fresh());
        Assert.Equal(expected, Describe(source.Current));
        foreach (var edit in edits)
        {
            edit();
            // A folder with errors keeps the last valid state; a fresh start has none to keep.
            expected = Fresh() is { } fresh ? Describe(fresh) : expected;
            Assert.Equal(expected, Describe(source.Current));
        }

        Assert.Contains("198.18.0.51", Describe(source.Current));
    }

    private Core.Kernel.NodeDesiredState? Fresh()
    {
        using var fresh = new ManifestDirectorySource(Options.Create(new AgentOptions { NodeName = "edge-1", Manifests = _dir }), NullLogger<ManifestDirectorySource>.Instance);
        return fresh.Current;
    }

    private void Write(string name, string text) => File.WriteAllText(Path.Combine(_dir, name), text);

    private static string Named(int i) => Service.Replace("name: web", $"name: web-{i}", StringComparison.Ordinal)
        .Replace("192.0.2.10", $"192.0.2.{10 + i}", StringComparison.Ordinal).Replace("198.18.0.10", $"198.18.0.{10 + i}", StringComparison.Ordinal);

    private const string RealServerPool = """
        apiVersion: lvsoperator.io/v1alpha1
        kind: RealServer
        metadata: {name: pool-a}
        spec: {address: 198.18.0.50}
        """;

    /// <summary>A desired state as text (its records hold immutable collections, which compare by reference).</summary>
    private static string Describe(Core.Kernel.NodeDesiredState? state) => state is null ? "(none)" : string.Join("\n",
        state.Services.Select(s => $"{s.Key} {s.Value.Service} [{string.Join(", ", s.Value.Destinations.Values)}]")
            .Concat(state.Addresses.Select(a => a.ToString())));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }
}
