using System.Text.Json.Nodes;
using LvsOperator.Core.Compilation;
using LvsOperator.Core.Control;
using LvsOperator.Core.Resources;
using LvsOperator.Kubernetes.Client;
using static LvsOperator.Controller.Tests.RealApiServer.ClusterScene;

namespace LvsOperator.Controller.Tests.RealApiServer;

/// <summary>
/// The controller program against kube-apiserver v1.36.2 with its own ServiceAccount token (config/rbac): what a
/// user applies becomes conditions and NodeSlices, an agent's report (its token) makes it Programmed, and a delete
/// goes through the finalizer. Each test has its own namespace, director Node and VIP.
/// </summary>
[Collection(ControllerCluster.Name)]
public sealed class ControllerEndToEndTests(ControllerClusterFixture cluster)
{
    [Fact]
    public async Task A_service_backed_virtual_service_is_accepted_programmed_on_the_agents_report_and_finalized()
    {
        var scene = await ClusterScene.CreateAsync(cluster, "e2e-flow");
        await scene.ApplyAsync(scene.Service("web") + "\n---\n" + scene.VirtualService("web", "192.0.2.11"));

        var slice = await scene.WaitSliceAsync("web", scene.Director, s => s.Spec.Services.Count == 1, "the director's NodeSlice");
        var service = slice.Spec.Services[0];
        Assert.Equal(("192.0.2.11", 80), (service.Address, service.Port));
        // Ready: weight 1; serving but terminating: weight 0, it drains; not serving: left out.
        Assert.Equal([("198.18.5.1", 8080, 1), ("198.18.5.2", 8080, 0)], service.Destinations.Select(d => (d.Address, d.Port, d.Weight)));
        Assert.Equal("192.0.2.11", Assert.Single(slice.Spec.Addresses).Address);
        var pending = await scene.WaitVsAsync("web", vs => Is(vs, ConditionTypes.Programmed, ConditionStatus.False, "Pending"), "Programmed=False Pending");
        Assert.Equal([ControllerDecisions.Finalizer], pending.Metadata.Finalizers);
        Assert.True(Is(pending, ConditionTypes.Accepted, ConditionStatus.True));
        Assert.True(Is(pending, ConditionTypes.Degraded, ConditionStatus.False, "AsExpected"));
        Assert.Equal("1/2", pending.Status!.Ready);

        await scene.AgentReportsAsync(slice);
        var programmed = await scene.WaitVsAsync("web", vs => Is(vs, ConditionTypes.Programmed, ConditionStatus.True), "Programmed=True");
        Assert.Equal($"programmed on node {scene.Director}", ConditionOf(programmed, ConditionTypes.Programmed)!.Message);
        Assert.Equal(programmed.Metadata.Generation, programmed.Status!.ObservedGeneration);

        Assert.True(await cluster.Admin.Resource(ResourceTypes.VirtualServices).DeleteAsync(scene.Namespace, "web"));
        var emptied = await scene.WaitSliceAsync("web", scene.Director, s => s.Spec.Services.Count == 0, "the slice emptied");
        Assert.Empty(emptied.Spec.Addresses);
        // The finalizer holds the VirtualService until the node reports the emptied slice applied.
        Assert.NotNull((await scene.VsAsync("web"))?.Metadata.DeletionTimestamp);

        await scene.AgentReportsAsync(emptied);
        await Eventually.ValueAsync(async () => await scene.VsAsync("web") is null ? "gone" : null, $"the VirtualService finalized\n{cluster.Logs()}");
        await Eventually.ValueAsync(async () => await scene.SliceAsync("web", scene.Director) is null ? "gone" : null, "its NodeSlice deleted");
    }

    [Fact]
    public async Task A_missing_service_programs_nothing_until_it_appears_and_degraded_says_why()
    {
        var scene = await ClusterScene.CreateAsync(cluster, "e2e-late");
        await scene.ApplyAsync(scene.VirtualService("late", "192.0.2.12", service: "late"));

        var waiting = await scene.WaitVsAsync("late", vs => Is(vs, ConditionTypes.Degraded, ConditionStatus.True, Problem.ServiceNotFound), "Degraded=True ServiceNotFound");
        Assert.True(Is(waiting, ConditionTypes.Accepted, ConditionStatus.True));
        Assert.True(Is(waiting, ConditionTypes.Programmed, ConditionStatus.False, Problem.ServiceNotFound));
        Assert.Contains($"Service {scene.Namespace}/late not found", ConditionOf(waiting, ConditionTypes.Degraded)!.Message);
        // Nothing for the director: no VIP, no empty IPVS service.
        var before = await scene.SliceAsync("late", scene.Director);
        Assert.True(before is null || (before.Spec.Services.Count == 0 && before.Spec.Addresses.Count == 0), "the director got the VIP before the Service existed");

        await scene.ApplyAsync(scene.Service("late"));
        var slice = await scene.WaitSliceAsync("late", scene.Director, s => s.Spec.Services.Count == 1, "the VIP programmed once the Service exists");
        Assert.Equal("192.0.2.12", Assert.Single(slice.Spec.Addresses).Address);
        await scene.WaitVsAsync("late", vs => Is(vs, ConditionTypes.Degraded, ConditionStatus.False, "AsExpected"), "Degraded=False once the Service exists");

        // A port the Service does not have: Degraded for that reason, in the API server's stored status.
        await scene.ApplyAsync(scene.VirtualService("wrong-port", "192.0.2.13", service: "late", servicePort: "grpc"));
        var wrongPort = await scene.WaitVsAsync("wrong-port", vs => Is(vs, ConditionTypes.Degraded, ConditionStatus.True, Problem.ServicePortNotFound), "Degraded=True ServicePortNotFound");
        Assert.Contains("has no port grpc", ConditionOf(wrongPort, ConditionTypes.Degraded)!.Message);
    }

    [Fact]
    public async Task Of_two_virtual_services_claiming_one_vip_the_second_is_refused_and_never_programmed()
    {
        var scene = await ClusterScene.CreateAsync(cluster, "e2e-conflict");
        await scene.ApplyAsync(scene.Service("web") + "\n---\n" + scene.VirtualService("first", "192.0.2.14"));
        await scene.WaitAcceptedAsync("first");

        await scene.ApplyAsync(scene.VirtualService("second", "192.0.2.14"));
        var refused = await scene.WaitVsAsync("second", vs => Is(vs, ConditionTypes.Accepted, ConditionStatus.False, "VipConflict"), "Accepted=False VipConflict");
        Assert.Contains("first", ConditionOf(refused, ConditionTypes.Accepted)!.Message);
        Assert.True(Is(refused, ConditionTypes.Programmed, ConditionStatus.False, "NotAccepted"));
        Assert.True(Is((await scene.VsAsync("first"))!, ConditionTypes.Accepted, ConditionStatus.True));
        Assert.Null(await scene.SliceAsync("second", scene.Director));
        Assert.Single((await scene.SliceAsync("first", scene.Director))!.Spec.Services);
    }

    [Fact]
    public async Task A_real_server_edit_that_stops_compiling_keeps_what_the_nodes_have()
    {
        var scene = await ClusterScene.CreateAsync(cluster, "e2e-refused");
        await scene.ApplyAsync(DirectRouting(scene));
        var director = await scene.WaitSliceAsync("web-dr", scene.Director, s => s.Spec.Services is [{ Destinations.Count: 2 }], "both real servers on the director");
        var realServerSlice = await scene.WaitSliceAsync("web-dr", $"{scene.Namespace}-rs-b", _ => true, "the VIP for real server b's node");
        // What a refused edit falls back on is the spec recorded as accepted in the status, written after the slice:
        // an edit before that record has nothing to keep (a window left in the product, see the closing note of issue 14).
        await Eventually.ValueAsync(async () =>
            await cluster.Admin.Resource(ResourceTypes.RealServers).GetAsync(scene.Namespace, "web-dr-b") is { Status.AcceptedSpec: not null } rs ? rs : null,
            "RealServer web-dr-b's accepted spec recorded");

        // DR cannot map ports: port 8080 on a DR real server of a port-80 service does not compile.
        await cluster.Admin.Resource(ResourceTypes.RealServers).MergePatchAsync(scene.Namespace, "web-dr-b", new JsonObject { ["spec"] = new JsonObject { ["port"] = 8080 } });
        await Eventually.ValueAsync(async () =>
            await cluster.Admin.Resource(ResourceTypes.RealServers).GetAsync(scene.Namespace, "web-dr-b") is { Status.Conditions: { } conditions } rs
            && rs.Status.ObservedGeneration == rs.Metadata.Generation
            && conditions.Any(c => c.Type == ConditionTypes.Accepted && c.Status == ConditionStatus.False) ? rs : null,
            $"RealServer web-dr-b Accepted=False\n{cluster.Logs()}");

        var kept = (await scene.SliceAsync("web-dr", scene.Director))!;
        Assert.Equal(director.Metadata.Generation, kept.Metadata.Generation);
        Assert.Equal(["198.18.6.1", "198.18.6.2"], kept.Spec.Services[0].Destinations.Select(d => d.Address).Order());
        Assert.Equal(realServerSlice.Metadata.Generation, (await scene.SliceAsync("web-dr", $"{scene.Namespace}-rs-b"))?.Metadata.Generation);
    }

    [Fact]
    public async Task Twenty_rapid_edits_converge_on_the_last()
    {
        var scene = await ClusterScene.CreateAsync(cluster, "e2e-rapid");
        await scene.ApplyAsync(scene.Service("web") + "\n---\n" + scene.VirtualService("web", "192.0.2.16"));
        var first = await scene.WaitAcceptedAsync("web");

        var virtualServices = cluster.Admin.Resource(ResourceTypes.VirtualServices);
        for (var port = 10001; port <= 10020; port++)
            await virtualServices.MergePatchAsync(scene.Namespace, "web", new JsonObject { ["spec"] = new JsonObject { ["port"] = port } });

        var slice = await scene.WaitSliceAsync("web", scene.Director, s => s.Spec.Services is [{ Port: 10020 }], "the slice at the last port");
        Assert.Equal("192.0.2.16", slice.Spec.Services[0].Address);
        var last = await scene.WaitVsAsync("web", vs => vs.Status?.ObservedGeneration == vs.Metadata.Generation, "the status of the last generation");
        Assert.Equal(first.Metadata.Generation + 20, last.Metadata.Generation);
        Assert.True(Is(last, ConditionTypes.Accepted, ConditionStatus.True));
    }

    private static string DirectRouting(ClusterScene scene) => $$"""
        apiVersion: v1
        kind: Node
        metadata: {name: {{scene.Namespace}}-rs-a}
        ---
        apiVersion: v1
        kind: Node
        metadata: {name: {{scene.Namespace}}-rs-b}
        ---
        apiVersion: lvsoperator.io/v1alpha1
        kind: VirtualService
        metadata: {name: web-dr, namespace: {{scene.Namespace}} }
        spec:
          addresses: [192.0.2.15]
          port: 80
          scheduler: {name: wrr}
          forwarding: {method: DR}
          realServers: {selector: {matchLabels: {app.kubernetes.io/name: web-dr} } }
          directors: {nodeSelector: {lvsoperator.io/e2e: {{scene.Namespace}} } }
        ---
        apiVersion: lvsoperator.io/v1alpha1
        kind: RealServer
        metadata: {name: web-dr-a, namespace: {{scene.Namespace}}, labels: {app.kubernetes.io/name: web-dr} }
        spec: {address: 198.18.6.1, weight: 1, nodeName: {{scene.Namespace}}-rs-a}
        ---
        apiVersion: lvsoperator.io/v1alpha1
        kind: RealServer
        metadata: {name: web-dr-b, namespace: {{scene.Namespace}}, labels: {app.kubernetes.io/name: web-dr} }
        spec: {address: 198.18.6.2, weight: 1, nodeName: {{scene.Namespace}}-rs-b}
        """;
}
