using System.Net;
using LvsOperator.Core.Control;
using LvsOperator.Core.Planning;
using LvsOperator.Core.Publishing;
using LvsOperator.Core.Resources;
using LvsOperator.Kubernetes.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Fake = LvsOperator.FakeApiServer.FakeApiServer;

namespace LvsOperator.Agent.Tests;

/// <summary>The agent's cluster mode over real HTTP: only its own node's slices, nothing before a full list, reports in status.</summary>
public sealed class ClusterSliceSourceTests : IAsyncLifetime, IDisposable
{
    private Fake _server = null!;
    private KubeApiClient _api = null!;

    public async Task InitializeAsync()
    {
        _server = await Fake.StartAsync(Fake.WithStandardResources());
        _api = new KubeApiClient(KubeConnection.ForServer(_server.BaseAddress));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _api.Dispose();

    private static NodeSlice Slice(string name, string node, string vip) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = "demo" },
        Spec = new NodeSliceSpec
        {
            NodeName = node,
            VirtualService = name,
            Services = [new SliceService { Protocol = Protocol.Tcp, Address = vip, Port = 80, Scheduler = "rr" }],
            Addresses = [new SliceAddress { Interface = "lvs0", Address = vip }],
        },
    };

    private ClusterSliceSource Source(string node, KubeApiClient? api = null) => new(
        api ?? _api, Options.Create(new AgentOptions { NodeName = node }), TimeProvider.System, NullLogger<ClusterSliceSource>.Instance);

    private static NodeSliceStatus? Programmed(NodeSlice? slice) =>
        slice?.Status?.Conditions?.Any(c => c.Type == ConditionTypes.Programmed) == true ? slice.Status : null;

    [Fact]
    public async Task The_agent_sees_only_its_own_slices_and_reports_each_in_its_status()
    {
        var slices = _api.Resource(ResourceTypes.NodeSlices);
        await slices.CreateAsync(Slice("web", "director-a", "192.0.2.1"));
        await slices.CreateAsync(Slice("api", "director-a", "192.0.2.2"));
        await slices.CreateAsync(Slice("other", "director-b", "192.0.2.3"));
        using var source = Source("director-a");
        Assert.Null(source.Current); // nothing listed yet: the kernel must stay as it is

        await source.StartAsync(CancellationToken.None);
        var state = await Eventually.ValueAsync(() => source.Current, "the first full list");
        Assert.Equal(["192.0.2.1", "192.0.2.2"], state.Addresses.Select(a => a.Address.ToString()));

        var conflict = new PlanConflict("service TCP 192.0.2.2:80", "already exists in the kernel and was not created by LvsOperator; it is left alone");
        await source.ReportAsync(state, new CycleReport(new Plan([], [conflict]), []), CancellationToken.None);

        var web = await Eventually.ValueAsync(async () => Programmed(await slices.GetAsync("demo", "web")), "web's report");
        var api = await Eventually.ValueAsync(async () => Programmed(await slices.GetAsync("demo", "api")), "api's report");
        Assert.Equal(ConditionStatus.True, web.Conditions!.Single(c => c.Type == ConditionTypes.Programmed).Status);
        Assert.Equal(ConditionStatus.False, api.Conditions!.Single(c => c.Type == ConditionTypes.Programmed).Status);
        Assert.Equal(1, web.ObservedGeneration);
        Assert.Null((await slices.GetAsync("demo", "other"))!.Status);
        await source.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_hostile_edit_of_a_slice_is_refused_in_its_status_and_the_node_keeps_what_it_held()
    {
        var slices = _api.Resource(ResourceTypes.NodeSlices);
        await slices.CreateAsync(Slice("web", "director-a", "192.0.2.1"));
        using var source = Source("director-a");
        await source.StartAsync(CancellationToken.None);
        await Eventually.ValueAsync(() => source.Current, "the first full list");

        var hostile = (await slices.GetAsync("demo", "web"))!;
        await slices.ReplaceAsync(hostile with { Spec = hostile.Spec with { Sysctls = [new SliceSysctl { Name = "kernel.panic", Value = "1" }] } });

        // Each cycle reports on the slices its state came from; the refusal shows once the edit has been seen.
        var programmed = await Eventually.ValueAsync(async () =>
        {
            var state = source.Current!;
            Assert.Equal([IPAddress.Parse("192.0.2.1")], state.Addresses.Select(a => a.Address));
            Assert.Empty(state.Sysctls);
            await source.ReportAsync(state, new CycleReport(new Plan([], []), []), CancellationToken.None);
            // The status writer patches off the cycle's path: until it has, the slice has no status.
            var status = (await slices.GetAsync("demo", "web"))!.Status;
            var condition = status?.Conditions?.SingleOrDefault(c => c.Type == ConditionTypes.Programmed);
            return condition?.Reason == "Invalid" ? condition : null;
        }, "the refusal in the slice's status");
        Assert.Equal(ConditionStatus.False, programmed.Status);
        Assert.Contains("sysctl kernel.panic=1 is not one the project sets", programmed.Message);
        await source.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_new_slice_wakes_the_agent_and_joins_its_state()
    {
        using var source = Source("director-a");
        await source.StartAsync(CancellationToken.None);
        await Eventually.ValueAsync(() => source.Current, "the first (empty) list");
        using var wait = new CancellationTokenSource(Eventually.Deadline);
        var changed = source.WaitForChangeAsync(wait.Token);

        await _api.Resource(ResourceTypes.NodeSlices).CreateAsync(Slice("web", "director-a", "192.0.2.1"));

        await changed;
        Assert.Equal([IPAddress.Parse("192.0.2.1")], source.Current!.Addresses.Select(a => a.Address));
        await source.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_status_write_that_hangs_or_fails_holds_back_neither_the_cycle_nor_the_other_slices_and_is_retried()
    {
        // Issue 12: a PATCH that timed out while the API server hung aborted the cycle and held the other reports back.
        var connection = new KubeConnection(_server.BaseAddress, new SocketsHttpHandler(), _ => ValueTask.FromResult<string?>(null))
        {
            RequestTimeout = TimeSpan.FromMilliseconds(300),
        };
        using var client = new KubeApiClient(connection);
        var slices = _api.Resource(ResourceTypes.NodeSlices);
        await slices.CreateAsync(Slice("web", "director-a", "192.0.2.1"));
        await slices.CreateAsync(Slice("api", "director-a", "192.0.2.2"));
        await slices.CreateAsync(Slice("db", "director-a", "192.0.2.3"));
        var hung = _server.Faults.Next("PATCH", "/apis/lvsoperator.io/v1alpha1/namespaces/demo/nodeslices/web/status").Always().Delay(TimeSpan.FromHours(1));
        var refused = _server.Faults.Next("PATCH", "/apis/lvsoperator.io/v1alpha1/namespaces/demo/nodeslices/db/status").Times(2).Respond(500);
        using var source = Source("director-a", client);
        await source.StartAsync(CancellationToken.None);
        var state = await Eventually.ValueAsync(() => source.Current, "the first full list");

        var report = source.ReportAsync(state, new CycleReport(new Plan([], []), []), CancellationToken.None);

        Assert.True(report.IsCompletedSuccessfully);
        await Eventually.ValueAsync(async () => Programmed(await slices.GetAsync("demo", "api")), "api's report beside the hung write");
        await Eventually.ValueAsync(async () => Programmed(await slices.GetAsync("demo", "db")), "db's report after two refusals");
        await Eventually.TrueAsync(() => hung.Hits >= 2, "web's write tried again after its timeout");
        Assert.Null((await slices.GetAsync("demo", "web"))!.Status);
        Assert.Equal(2, refused.Hits);

        _server.Faults.Clear();
        await Eventually.ValueAsync(async () => Programmed(await slices.GetAsync("demo", "web")), "web's report once the server answers");
        await source.StopAsync(CancellationToken.None);
    }
}
