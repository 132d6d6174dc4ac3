using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using LvsOperator.Core.Control;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Planning;
using LvsOperator.Core.Publishing;
using LvsOperator.Core.Resources;
using LvsOperator.Kubernetes.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace LvsOperator.Agent.Tests.RealApiServer;

/// <summary>
/// Issue 14 on kube-apiserver v1.36.2 with the agent's token: many slices, and each change costs exactly the
/// status writes it needs, counted by the API server itself (<c>apiserver_request_total</c>); the echoes of those
/// writes wake no cycle. LVS_STATUS_SLICES sets the slice count (200 unless set; bench/README.md has 1,000).
/// </summary>
[Collection(AgentCluster.Name)]
public sealed class SliceStatusWriteTests(AgentClusterFixture cluster, ITestOutputHelper output)
{
    private const string Ns = AgentClusterFixture.Namespace;
    private const string Node = "agent-scale";

    private static readonly int Count =
        int.TryParse(Environment.GetEnvironmentVariable("LVS_STATUS_SLICES"), CultureInfo.InvariantCulture, out var count) ? count : 200;

    private static string Vip(int i) => $"198.18.{i / 250}.{(i % 250) + 1}";

    private static NodeSlice Slice(int i) => new()
    {
        Metadata = new ObjectMeta { Name = $"scale-{i}", Namespace = Ns },
        Spec = new NodeSliceSpec
        {
            NodeName = Node,
            VirtualService = $"scale-{i}",
            Services = [new SliceService { Protocol = Protocol.Tcp, Address = Vip(i), Port = 80, Scheduler = "rr" }],
            Addresses = [new SliceAddress { Interface = "lvs0", Address = Vip(i) }],
        },
    };

    [Fact]
    public async Task Each_change_costs_exactly_the_status_writes_it_needs_and_their_echoes_wake_nothing()
    {
        var slices = cluster.Admin.Resource(ResourceTypes.NodeSlices);
        await Parallel.ForEachAsync(Enumerable.Range(0, Count), new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (i, token) => await slices.CreateAsync(Slice(i), token));
        using var source = new ClusterSliceSource(
            cluster.Agent, Options.Create(new AgentOptions { NodeName = Node }), TimeProvider.System, NullLogger<ClusterSliceSource>.Instance);
        await source.StartAsync(CancellationToken.None);
        try
        {
            var state = await Eventually.ValueAsync(() => source.Current is { Services.Count: var n } s && n == Count ? s : null, "every slice listed");
            var wakes = source.Wakes;
            var quiet = new CycleReport(new Plan([], []), []);

            // The first report: every slice has a status to write.
            var started = Stopwatch.GetTimestamp();
            var patches = await PatchesAsync();
            await source.ReportAsync(state, quiet, CancellationToken.None);
            await Eventually.TrueAsync(() => source.StatusWrites.Idle, "every status written");
            var elapsed = Stopwatch.GetElapsedTime(started);
            output.WriteLine($"{Count} status writes in {elapsed.TotalMilliseconds:F0} ms: {Count / elapsed.TotalSeconds:F0} writes/s");
            Assert.Equal(Count, await PatchesSinceAsync(patches, Count));

            // A spec change behind the echoes of those writes: once the agent sees it, it has seen them, and only it woke the agent.
            var first = (await slices.GetAsync(Ns, "scale-0"))!;
            await slices.ReplaceAsync(first with { Spec = first.Spec with { Services = [first.Spec.Services[0] with { Scheduler = "wrr" }] } });
            state = await Eventually.ValueAsync(() => source.Current is { } s && s.Services.Values.Any(v => v.Service.Scheduler == "wrr") ? s : null, "the edit");
            Assert.Equal(wakes + 1, source.Wakes);

            await AssertWritesAsync(state, quiet, ["scale-0"], "the edited slice's new generation");
            await AssertWritesAsync(state, quiet, [], "the same cycle again");
            var draining = quiet with { Draining = [new DrainKey(Service(7), new DestinationKey(IPAddress.Parse("203.0.113.7"), 80))] };
            await AssertWritesAsync(state, draining, ["scale-7"], "a drain on one slice's service");
            await AssertWritesAsync(state, draining, [], "the drain going on");
            await AssertWritesAsync(state, quiet, ["scale-7"], "the drain's end");

            var status = (await slices.GetAsync(Ns, "scale-7"))!.Status!;
            var condition = status.Conditions!.Single(c => c.Type == ConditionTypes.Draining);
            Assert.Equal(ConditionStatus.False, condition.Status);
            Assert.Equal(wakes + 1, source.Wakes);
        }
        finally
        {
            await source.StopAsync(CancellationToken.None);
        }

        async Task AssertWritesAsync(NodeDesiredState state, CycleReport cycle, string[] expected, string what)
        {
            var (writes, before) = (source.StatusWrites.Writes, await PatchesAsync());
            var generations = await GenerationsAsync(expected);
            await source.ReportAsync(state, cycle, CancellationToken.None);
            await Eventually.TrueAsync(() => source.StatusWrites.Idle, what);
            Assert.True(expected.Length == await PatchesSinceAsync(before, expected.Length), $"{what}: {expected.Length} PATCH(es) expected");
            Assert.Equal(writes + expected.Length, source.StatusWrites.Writes);
            foreach (var name in expected)
            {
                // Written, and what the write set is what the server holds.
                var slice = await Eventually.ValueAsync(
                    async () => await slices.GetAsync(Ns, name) is { } s && s.Metadata.ResourceVersion != generations[name] ? s : null, $"{what}: {name}");
                Assert.Equal(slice.Metadata.Generation, slice.Status!.ObservedGeneration);
            }
        }

        async Task<Dictionary<string, string?>> GenerationsAsync(string[] names)
        {
            var versions = new Dictionary<string, string?>();
            foreach (var name in names) versions[name] = (await slices.GetAsync(Ns, name))!.Metadata.ResourceVersion;
            return versions;
        }
    }

    private static VirtualAddressKey Service(int i) => new(Protocol.Tcp, IPAddress.Parse(Vip(i)), 80);

    /// <summary>The PATCHes counted since <paramref name="before"/>, once at least <paramref name="expected"/> (the server counts as it finishes a request).</summary>
    private async Task<long> PatchesSinceAsync(long before, int expected)
    {
        var deadline = DateTime.UtcNow + Eventually.Deadline;
        var counted = await PatchesAsync() - before;
        while (counted < expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            counted = await PatchesAsync() - before;
        }

        return counted;
    }

    /// <summary>Status PATCHes of NodeSlices the API server answered with 200, by its own count.</summary>
    private async Task<long> PatchesAsync()
    {
        using var http = cluster.Server.CreateAdminHttpClient();
        var metrics = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        return metrics.Split('\n')
            .Where(l => l.StartsWith("apiserver_request_total{", StringComparison.Ordinal)
                        && l.Contains("resource=\"nodeslices\"", StringComparison.Ordinal) && l.Contains("subresource=\"status\"", StringComparison.Ordinal)
                        && l.Contains("verb=\"PATCH\"", StringComparison.Ordinal) && l.Contains("code=\"200\"", StringComparison.Ordinal))
            .Sum(l => long.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
    }
}
