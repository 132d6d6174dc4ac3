using LvsOperator.Controller.LoadBalancing;
using LvsOperator.Core.Resources;
using LvsOperator.Hosting;
using LvsOperator.Kubernetes.Client;
using LvsOperator.Kubernetes.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Fake = LvsOperator.FakeApiServer.FakeApiServer;

namespace LvsOperator.Controller.Tests;

// What stays on the fake API server, and why: only what a real kube-apiserver cannot be made to do.
// - An_endpoint_change_rewrites_the_one_slice_and_write_failures_are_retried: the fake answers the NodeSlice PUT
//   with 500 twice (FakeApiServer.Faults); a real server fails no write on demand.
// - LeaderServiceTests (beside this file): the Lease GET's connection dropped on cue (an unreachable API server
//   that never stops the elector), which a real server cannot be made to do.
// Moved to the real API server (RealApiServer/, kube-apiserver v1.36.2 with the controller as its own program and
// its ServiceAccount token): the service-backed VirtualService published, Programmed and finalized
// (ControllerEndToEndTests), and the Lease holder with a standby taking over (ControllerResilienceTests, after a
// SIGKILL and after a SIGTERM). A watch cut mid-stream stays with the informer's own fake-server tests
// (LvsOperator.Kubernetes.Tests, InformerTests: a dropped watch resumes, a hung one is abandoned).

/// <summary>The controller over real HTTP against the fake API server, where a fault must be injected.</summary>
public sealed class ControllerAgainstApiServerTests : IAsyncLifetime, IDisposable
{
    private Fake _server = null!;
    private KubeApiClient _api = null!;
    private readonly CancellationTokenSource _stop = new();
    private Task _controller = Task.CompletedTask;

    public async Task InitializeAsync()
    {
        _server = await Fake.StartAsync(Fake.WithStandardResources());
        _api = new KubeApiClient(KubeConnection.ForServer(_server.BaseAddress));
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await _controller.WaitAsync(Eventually.Deadline).ContinueWith(_ => { }, TaskScheduler.Default);
        await _server.DisposeAsync();
    }

    public void Dispose()
    {
        _api.Dispose();
        _stop.Dispose();
    }

    private void StartController()
    {
        var caches = new ClusterCaches(_api, LabelText.Parse("lvsoperator.io/director=true"), NullLoggerFactory.Instance, TimeProvider.System);
        var writer = new OutputWriter(_api, "test", TimeProvider.System, NullLogger<OutputWriter>.Instance);
        var balancers = new LoadBalancerPass(caches, _api, new LoadBalancerWriter(_api, writer, NullLogger<LoadBalancerWriter>.Instance), false, TimeProvider.System);
        var loop = new ControllerLoop(caches, writer, balancers, new ReconcileHealth(TimeProvider.System), TimeProvider.System, NullLogger<ControllerLoop>.Instance);
        _controller = Task.WhenAll(caches.RunAsync(_stop.Token), loop.RunAsync(TimeSpan.FromSeconds(30), _stop.Token));
    }

    private async Task SeedAsync()
    {
        await _api.Resource(ResourceTypes.Nodes).CreateAsync(new Node
        {
            Metadata = new ObjectMeta { Name = "director-a", Labels = new Dictionary<string, string> { ["lvsoperator.io/director"] = "true" } },
        });
        await _api.Resource(ResourceTypes.Nodes).CreateAsync(new Node { Metadata = new ObjectMeta { Name = "worker-1" } });
        await _api.Resource(ResourceTypes.Services).CreateAsync(new Service
        {
            Metadata = new ObjectMeta { Name = "web", Namespace = "demo" },
            Spec = new ServiceSpec { Ports = [new ServicePort { Name = "http", Port = 80, TargetPortText = "8080" }] },
        });
        await _api.Resource(ResourceTypes.EndpointSlices).CreateAsync(new EndpointSlice
        {
            Metadata = new ObjectMeta { Name = "web-abc", Namespace = "demo", Labels = new Dictionary<string, string> { [EndpointSlice.ServiceNameLabel] = "web" } },
            AddressType = "IPv4",
            Ports = [new EndpointPort { Name = "http", Port = 8080 }],
            Endpoints =
            [
                new Endpoint { Addresses = ["198.18.5.1"], Conditions = new EndpointConditions { Ready = true }, NodeName = "worker-1" },
                new Endpoint { Addresses = ["198.18.5.2"], Conditions = new EndpointConditions { Ready = false, Serving = true, Terminating = true } },
                new Endpoint { Addresses = ["198.18.5.3"], Conditions = new EndpointConditions { Ready = false, Serving = false } },
            ],
        });
        await _api.Resource(ResourceTypes.VirtualServices).CreateAsync(new VirtualService
        {
            Metadata = new ObjectMeta { Name = "web", Namespace = "demo" },
            Spec = new VirtualServiceSpec
            {
                Addresses = ["192.0.2.90"],
                Port = 80,
                Protocol = Protocol.Tcp,
                Scheduler = new Scheduler { Name = "rr" },
                Forwarding = new Forwarding { Method = ForwardingMethod.Masquerade },
                RealServers = new RealServerSource { Service = new ServiceReference { Name = "web", Port = IntOrString.FromString("http") } },
                Directors = new DirectorSelection { NodeSelector = new Dictionary<string, string> { ["lvsoperator.io/director"] = "true" } },
            },
        });
    }

    private Task<NodeSlice?> SliceAsync() => _api.Resource(ResourceTypes.NodeSlices).GetAsync("demo", "web.director-a");

    [Fact]
    public async Task An_endpoint_change_rewrites_the_one_slice_and_write_failures_are_retried()
    {
        await SeedAsync();
        StartController();
        var slice = await Eventually.ValueAsync(SliceAsync, "the director's NodeSlice");
        _server.Faults.Next("PUT", "/apis/lvsoperator.io/v1alpha1/namespaces/demo/nodeslices/web.director-a").Times(2).Respond(500);

        var endpoints = _api.Resource(ResourceTypes.EndpointSlices);
        var current = (await endpoints.GetAsync("demo", "web-abc"))!;
        await endpoints.ReplaceAsync(current with { Endpoints = [.. current.Endpoints!, new Endpoint { Addresses = ["198.18.5.9"] }] });

        var updated = await Eventually.ValueAsync(async () => await SliceAsync() is { } s && s.Spec.Services[0].Destinations.Count == 3 ? s : null, "the new endpoint in the slice");
        Assert.Equal(slice.Metadata.Generation + 1, updated.Metadata.Generation);
        Assert.True(_server.Requests.Count("PUT", "/apis/lvsoperator.io/v1alpha1/namespaces/demo/nodeslices/web.director-a") >= 3);
        Assert.Equal(0, _server.Requests.Count("POST", "/apis/lvsoperator.io/v1alpha1/namespaces/demo/nodeslices") - 1);
    }
}
