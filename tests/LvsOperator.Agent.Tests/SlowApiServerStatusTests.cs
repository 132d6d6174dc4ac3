using System.Diagnostics;
using LvsOperator.Core.Planning;
using LvsOperator.Core.Publishing;
using LvsOperator.Core.Resources;
using LvsOperator.Kubernetes.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;
using Fake = LvsOperator.FakeApiServer.FakeApiServer;

namespace LvsOperator.Agent.Tests;

/// <summary>
/// Issue 14: where each write costs a round trip (the lab VM reached the API server at 9-10 writes a second, one
/// at a time), the writes of many slices overlap. The fake API server holds every status PATCH 100 ms.
/// </summary>
public sealed class SlowApiServerStatusTests(ITestOutputHelper output) : IAsyncLifetime, IDisposable
{
    private const int Slices = 200;
    private static readonly TimeSpan RoundTrip = TimeSpan.FromMilliseconds(100);

    private Fake _server = null!;
    private KubeApiClient _api = null!;

    public async Task InitializeAsync()
    {
        _server = await Fake.StartAsync(Fake.WithStandardResources());
        _api = new KubeApiClient(KubeConnection.ForServer(_server.BaseAddress));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _api.Dispose();

    private static NodeSlice Slice(int i) => new()
    {
        Metadata = new ObjectMeta { Name = $"s{i}", Namespace = "demo" },
        Spec = new NodeSliceSpec
        {
            NodeName = "director-a",
            VirtualService = $"s{i}",
            Services = [new SliceService { Protocol = Protocol.Tcp, Address = $"198.18.0.{i + 1}", Port = 80, Scheduler = "rr" }],
        },
    };

    [Fact]
    public async Task Every_slice_is_reported_through_a_slow_api_server_with_writes_in_flight_together()
    {
        var slices = _api.Resource(ResourceTypes.NodeSlices);
        for (var i = 0; i < Slices; i++) await slices.CreateAsync(Slice(i));
        var slow = _server.Faults.Next("PATCH", "/apis/lvsoperator.io/v1alpha1/namespaces/demo/nodeslices/").Always().Delay(RoundTrip);
        using var source = new ClusterSliceSource(
            _api, Options.Create(new AgentOptions { NodeName = "director-a" }), TimeProvider.System, NullLogger<ClusterSliceSource>.Instance);
        await source.StartAsync(CancellationToken.None);
        var state = await Eventually.ValueAsync(() => source.Current is { Services.Count: Slices } s ? s : null, "every slice listed");

        var started = Stopwatch.GetTimestamp();
        var report = source.ReportAsync(state, new CycleReport(new Plan([], []), []), CancellationToken.None);
        Assert.True(report.IsCompletedSuccessfully);
        await Eventually.TrueAsync(() => source.StatusWrites.Idle, "every status written");
        var elapsed = Stopwatch.GetElapsedTime(started);
        output.WriteLine(
            $"{Slices} status writes at {RoundTrip.TotalMilliseconds:F0} ms each: {elapsed.TotalSeconds:F2} s, {Slices / elapsed.TotalSeconds:F0} writes/s "
            + $"(one at a time: {Slices * RoundTrip.TotalSeconds:F0} s)");

        Assert.Equal(Slices, slow.Hits);
        Assert.Equal(Slices, source.StatusWrites.Writes);
        var listed = await slices.ListAsync();
        Assert.All(listed.Items, s => Assert.Equal(s.Metadata.Generation, s.Status?.ObservedGeneration));
        await source.StopAsync(CancellationToken.None);
    }
}
