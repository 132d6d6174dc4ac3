using System.Text.Json.Nodes;
using LvsOperator.Core.Control;
using LvsOperator.Core.Resources;
using LvsOperator.Hosting;
using LvsOperator.Kubernetes.Client;
using LvsOperator.Kubernetes.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Fake = LvsOperator.FakeApiServer.FakeApiServer;

namespace LvsOperator.Controller.Tests;

/// <summary>
/// The controller over real HTTP against the fake API server: a VirtualService backed by a Service's
/// EndpointSlices becomes NodeSlices, Programmed once the node's agent reports, and is finalized on delete.
/// </summary>
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
        await Task.WhenAll([_controller, .. _caches]).WaitAsync(Eventually.Deadline).ContinueWith(_ => { }, TaskScheduler.Default);
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
        var loop = new ControllerLoop(caches, writer, new ReconcileHealth(TimeProvider.System), TimeProvider.System, NullLogger<ControllerLoop>.Instance);
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

    /// <summary>What a node's agent does after a cycle: reports the slice's generation applied.</summary>
    private async Task AgentReportsAsync(NodeSlice slice) =>
        await _api.Resource(ResourceTypes.NodeSlices).MergePatchStatusAsync(slice.Metadata.Namespace, slice.Metadata.Name, new JsonObject
        {
            ["status"] = new JsonObject
            {
                ["observedGeneration"] = slice.Metadata.Generation,
                ["conditions"] = new JsonArray(
                    Condition(ConditionTypes.Programmed, "True", "Programmed"),
                    Condition(ConditionTypes.Draining, "False", "NothingToDrain")),
            },
        });

    private static JsonObject Condition(string type, string status, string reason) => new()
    {
        ["type"] = type, ["status"] = status, ["reason"] = reason, ["message"] = "", ["lastTransitionTime"] = "2026-11-25T12:00:00Z",
    };


    private Task<NodeSlice?> SliceAsync() => _api.Resource(ResourceTypes.NodeSlices).GetAsync("demo", "web.director-a");

    private async Task<VirtualService?> VsWhereAsync(Func<VirtualService, bool> test) =>
        await _api.Resource(ResourceTypes.VirtualServices).GetAsync("demo", "web") is { } vs && test(vs) ? vs : null;

    private static Condition? ConditionOf(VirtualService vs, string type) => vs.Status?.Conditions?.FirstOrDefault(c => c.Type == type);

    [Fact]
    public async Task A_service_backed_virtual_service_is_published_programmed_and_finalized()
    {
        await SeedAsync();
        StartController();

        var slice = await Eventually.ValueAsync(SliceAsync, "the director's NodeSlice");
        var service = Assert.Single(slice.Spec.Services);
        Assert.Equal(("192.0.2.90", 80), (service.Address, service.Port));
        // Ready: weight 1; serving but terminating: weight 0, it drains; not serving: left out.
        Assert.Equal([("198.18.5.1", 8080, 1), ("198.18.5.2", 8080, 0)], service.Destinations.Select(d => (d.Address, d.Port, d.Weight)));
        Assert.Equal("192.0.2.90", Assert.Single(slice.Spec.Addresses).Address);
        var pending = await Eventually.ValueAsync(() => VsWhereAsync(vs => ConditionOf(vs, ConditionTypes.Programmed)?.Reason == "Pending"), "Programmed=False Pending");
        Assert.Equal([ControllerDecisions.Finalizer], pending.Metadata.Finalizers);
        Assert.Equal(ConditionStatus.True, ConditionOf(pending, ConditionTypes.Accepted)!.Status);
        Assert.Equal("1/2", pending.Status!.Ready);

        await AgentReportsAsync(slice);
        var programmed = await Eventually.ValueAsync(() => VsWhereAsync(vs => ConditionOf(vs, ConditionTypes.Programmed)?.Status == ConditionStatus.True), "Programmed=True");
        Assert.Equal("programmed on node director-a", ConditionOf(programmed, ConditionTypes.Programmed)!.Message);
        Assert.Equal(programmed.Metadata.Generation, programmed.Status!.ObservedGeneration);

        await _api.Resource(ResourceTypes.VirtualServices).DeleteAsync("demo", "web");
        var emptied = await Eventually.ValueAsync(async () => await SliceAsync() is { Spec.Services.Count: 0 } s ? s : null, "the slice emptied");
        Assert.NotNull(await VsWhereAsync(vs => vs.Metadata.DeletionTimestamp is not null));

        await AgentReportsAsync(emptied);
        await Eventually.ValueAsync(async () => await _api.Resource(ResourceTypes.VirtualServices).GetAsync("demo", "web") is null ? "gone" : null, "the VirtualService finalized");
        Assert.Null(await SliceAsync());
    }

    private LeaderService Replica(string identity)
    {
        var settings = new ControllerOptions
        {
            LeaderElectionNamespace = "lvs-operator", Identity = identity,
            DirectorSelector = "lvsoperator.io/director=true",
            LeaseDuration = TimeSpan.FromSeconds(2), RenewDeadline = TimeSpan.FromSeconds(1.5), RetryPeriod = TimeSpan.FromSeconds(0.25),
        };
        var caches = new ClusterCaches(_api, LabelText.Parse(settings.DirectorSelector), NullLoggerFactory.Instance, TimeProvider.System);
        var writer = new OutputWriter(_api, identity, TimeProvider.System, NullLogger<OutputWriter>.Instance);
        var loop = new ControllerLoop(caches, writer, new ReconcileHealth(TimeProvider.System), TimeProvider.System, NullLogger<ControllerLoop>.Instance);
        _caches.Add(caches.RunAsync(_stop.Token));
        var config = new k8s.KubernetesClientConfiguration { Host = _server.BaseAddress.ToString() };
        return new LeaderService(
            loop, config, caches, new ReconcileHealth(TimeProvider.System), Microsoft.Extensions.Options.Options.Create(settings),
            TimeProvider.System, NullLogger<LeaderService>.Instance);
    }

    private readonly List<Task> _caches = [];

    private string? LeaseHolder() =>
        _server.Store.Get("coordination.k8s.io", "leases", "lvs-operator", "lvs-operator-controller")?["spec"]?["holderIdentity"]?.GetValue<string>();

    [Fact]
    public async Task Only_the_lease_holder_writes_and_a_standby_takes_over_when_it_stops()
    {
        await SeedAsync();
        var first = Replica("replica-1");
        await first.StartAsync(CancellationToken.None);
        await Eventually.ValueAsync(() => Task.FromResult(LeaseHolder()), "a leader");
        await Eventually.ValueAsync(SliceAsync, "the director's NodeSlice");
        var second = Replica("replica-2");
        await second.StartAsync(CancellationToken.None);

        // The standby keeps its caches warm but writes nothing while the leader holds the Lease.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal("replica-1", LeaseHolder());
        Assert.Equal(1, _server.Requests.Count("POST", "/apis/lvsoperator.io/v1alpha1/namespaces/demo/nodeslices"));

        await first.StopAsync(CancellationToken.None);
        await Eventually.ValueAsync(() => Task.FromResult(LeaseHolder() == "replica-2" ? "taken over" : null), "the standby taking the Lease");
        var slice = (await SliceAsync())!;
        await AgentReportsAsync(slice);
        await Eventually.ValueAsync(() => VsWhereAsync(vs => ConditionOf(vs, ConditionTypes.Programmed)?.Status == ConditionStatus.True), "Programmed=True written by the new leader");
        await second.StopAsync(CancellationToken.None);
        first.Dispose();
        second.Dispose();
    }

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
