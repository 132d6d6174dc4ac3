using LvsOperator.Core.Control;
using LvsOperator.Core.Resources;
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
}
