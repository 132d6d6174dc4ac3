using LvsOperator.Core.Control;
using LvsOperator.Core.Resources;
using LvsOperator.Kubernetes.Client;
using Microsoft.Extensions.Logging.Abstractions;

namespace LvsOperator.Controller.Tests.RealApiServer;

/// <summary>The writer's answers to what kube-apiserver v1.36.2 replies (its own VIP, as every test of the shared cluster).</summary>
[Collection(ControllerCluster.Name)]
public sealed class OutputWriterTests(ControllerClusterFixture cluster)
{
    [Fact]
    public async Task Creating_a_slice_that_exists_already_is_not_a_failed_write_and_leaves_it_as_it_is()
    {
        var scene = await ClusterScene.CreateAsync(cluster, "writer-create");
        await scene.ApplyAsync(scene.Service("web") + "\n---\n" + scene.VirtualService("web", "192.0.2.23"));
        var slice = await scene.WaitSliceAsync("web", scene.Director, s => s.Spec.Services.Count == 1, "the director's NodeSlice");
        var writer = new OutputWriter(cluster.Admin, "test", TimeProvider.System, NullLogger<OutputWriter>.Instance);

        // What a leader sends when its cache has not shown the slice it created a moment ago.
        var again = new NodeSlice { Metadata = new ObjectMeta { Name = slice.Metadata.Name, Namespace = scene.Namespace }, Spec = slice.Spec with { Services = [] } };
        Assert.True(await writer.WriteAsync(new ControllerOutput([new SliceChange(SliceChangeKind.Create, again)], [], [], [], []), CancellationToken.None));

        var stored = await scene.SliceAsync("web", scene.Director);
        Assert.Equal(slice.Metadata.ResourceVersion, stored!.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Events_on_one_object_written_together_in_one_tick_are_each_created()
    {
        var scene = await ClusterScene.CreateAsync(cluster, "writer-events");
        await scene.ApplyAsync(scene.Service("web") + "\n---\n" + scene.VirtualService("web", "192.0.2.24"));
        var vs = (await scene.VsAsync("web"))!;
        // One instant for every event: the writer sends them concurrently, and a name from the time alone would repeat.
        var frozen = new FrozenClock(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
        var writer = new OutputWriter(cluster.Admin, "test", frozen, NullLogger<OutputWriter>.Instance);
        var regarding = new ResourceRef(ResourceKinds.VirtualService, scene.Namespace, "web");
        var events = Enumerable.Range(0, 3 * OutputWriter.Concurrency)
            .Select(i => new ControllerEvent(regarding, vs.Metadata.Uid!, ControllerEvent.Normal, "Test", $"event {i}")).ToList();

        Assert.True(await writer.WriteAsync(new ControllerOutput([], [], [], [], events), CancellationToken.None));

        var written = (await cluster.Admin.Resource(ResourceTypes.Events).ListAsync(scene.Namespace)).Items.Where(e => e.Reason == "Test").ToList();
        Assert.Equal(events.Select(e => e.Message).Order(), written.Select(e => e.Note!).Order());
    }

    private sealed class FrozenClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
