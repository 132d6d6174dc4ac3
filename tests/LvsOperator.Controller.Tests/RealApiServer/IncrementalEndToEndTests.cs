namespace LvsOperator.Controller.Tests.RealApiServer;

/// <summary>
/// Events map to the keys they touch (issue 14): an EndpointSlice edit reaches its Service's VirtualService through
/// the controller's EndpointSlice → Service → VirtualService indexes, well before the resync's full pass (a minute),
/// and the other VirtualService's slice is not written. Its VIPs are its own: the tests share one API server.
/// </summary>
[Collection(ControllerCluster.Name)]
public sealed class IncrementalEndToEndTests(ControllerClusterFixture cluster)
{
    [Fact]
    public async Task An_endpoint_change_rewrites_only_the_slice_of_its_Services_VirtualService()
    {
        var scene = await ClusterScene.CreateAsync(cluster, "e2e-incremental");
        await scene.ApplyAsync(string.Join("\n---\n",
            scene.Service("web"), scene.Service("db"), scene.VirtualService("web", "192.0.2.21"), scene.VirtualService("db", "192.0.2.22", service: "db")));
        var web = await scene.WaitSliceAsync("web", scene.Director, s => s.Spec.Services.Count == 1, "web's slice");
        await scene.WaitSliceAsync("db", scene.Director, s => s.Spec.Services.Count == 1, "db's slice");

        await scene.ApplyAsync($$"""
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata:
              name: db-abc
              namespace: {{scene.Namespace}}
              labels: {kubernetes.io/service-name: db}
            addressType: IPv4
            ports: [{name: http, port: 8080, protocol: TCP}]
            endpoints:
              - addresses: [198.18.5.1]
                conditions: {ready: true}
              - addresses: [198.18.5.4]
                conditions: {ready: true}
            """);

        var db = await scene.WaitSliceAsync("db", scene.Director,
            s => s.Spec.Services is [{ Destinations.Count: 2 }] && s.Spec.Services[0].Destinations.All(d => d.Weight == 1), "db's slice with the new endpoint");
        Assert.Equal(["198.18.5.1", "198.18.5.4"], db.Spec.Services[0].Destinations.Select(d => d.Address).Order());
        Assert.Equal(web.Metadata.ResourceVersion, (await scene.SliceAsync("web", scene.Director))?.Metadata.ResourceVersion);
    }
}
