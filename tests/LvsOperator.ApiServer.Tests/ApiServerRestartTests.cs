using System.Diagnostics;
using LvsOperator.Core.Resources;
using LvsOperator.Kubernetes.Client;
using LvsOperator.Kubernetes.Informers;
using Xunit.Abstractions;

namespace LvsOperator.ApiServer.Tests;

/// <summary>
/// kube-apiserver stopped for a while and started again (etcd kept) under running informers with the product's
/// default backoff: the caches keep what they had through the outage and hear the first change made after the
/// restart (issue 12: an agent took 48 s to list again, the controller's watches about 35 s). A server of its
/// own, so the shared collection's server is not restarted under other tests.
/// </summary>
public sealed class ApiServerRestartTests(ITestOutputHelper output)
{
    private const string Namespace = "lvs-test";

    /// <summary>Long enough for the old backoff (800 ms doubling, 100 % jitter) to grow past 10 s.</summary>
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(12);

    [Fact]
    public async Task Informers_resume_soon_after_the_api_server_returns_and_keep_their_cache_through_the_outage()
    {
        await using var server = await KubeApiServer.StartAsync();
        (await server.InstallCrdsAsync(Repo.Path("config", "crd"))).EnsureSuccess();
        (await server.KubectlAsync("create", "namespace", Namespace)).EnsureSuccess();
        using var api = new KubeApiClient(server.AdminConnection());
        var realServers = api.Resource(ResourceTypes.RealServers);
        var slices = api.Resource(ResourceTypes.NodeSlices);
        await realServers.CreateAsync(RealServer("before"));
        // The controller's kind of informer (all namespaces) and the agent's (its node's slices by field selector);
        // the first one's log is the test's output, a timeline of its retries.
        var clock = Stopwatch.StartNew();
        var controllerLike = new Informer<RealServer>(realServers, logger: new OutputLogger(output, clock));
        var agentLike = new Informer<NodeSlice>(slices, new InformerOptions { FieldSelector = "spec.nodeName=node-a" });
        using var stop = new CancellationTokenSource();
        var running = Task.WhenAll(controllerLike.RunAsync(stop.Token), agentLike.RunAsync(stop.Token));
        await Task.WhenAll(controllerLike.WaitForSyncAsync(), agentLike.WaitForSyncAsync()).WaitAsync(Eventually.Deadline);

        output.WriteLine($"{clock.Elapsed.TotalSeconds,7:F2} s  kube-apiserver stopped");
        server.StopApiServer();
        await Task.Delay(Outage);
        Assert.NotNull(controllerLike.Get(Namespace, "before"));
        var restart = Stopwatch.StartNew();
        await server.RestartApiServerAsync();
        var ready = restart.Elapsed;
        output.WriteLine($"{clock.Elapsed.TotalSeconds,7:F2} s  kube-apiserver /readyz 200");
        await realServers.CreateAsync(RealServer("after"));
        await slices.CreateAsync(Slice("after", "node-a"));
        var resumed = Stopwatch.StartNew();
        await Eventually.TrueAsync(
            () => controllerLike.Get(Namespace, "after") is not null && agentLike.Get(Namespace, "after") is not null, "both informers hear the new objects");
        var caughtUp = resumed.Elapsed;

        output.WriteLine($"kube-apiserver down {Outage.TotalSeconds:F0} s, then ready {ready.TotalSeconds:F1} s after its start; " +
                         $"both informers held the objects created after the restart {caughtUp.TotalSeconds:F2} s after /readyz answered 200");
        Assert.NotNull(controllerLike.Get(Namespace, "before"));
        await stop.CancelAsync();
        await running.WaitAsync(Eventually.Deadline);
    }

    private static RealServer RealServer(string name) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = Namespace },
        Spec = new RealServerSpec { Address = "198.18.0.10" },
    };

    private static NodeSlice Slice(string name, string node) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = Namespace },
        Spec = new NodeSliceSpec { NodeName = node, VirtualService = "web" },
    };
}
