using System.Text.Json.Nodes;
using LvsOperator.Controller.LoadBalancing;
using LvsOperator.Core.LoadBalancing;
using LvsOperator.Core.Resources;
using LvsOperator.Kubernetes.Client;

namespace LvsOperator.Controller.Tests.RealApiServer;

/// <summary>
/// LoadBalancer Services through the controller program on kube-apiserver v1.36.2, with its ServiceAccount's token
/// (config/rbac). Each test has its own namespace and its own pool, which admits only that namespace. envtest runs no
/// garbage collector: the controller deletes the VirtualServices it generated itself, and the tests check that.
/// </summary>
[Collection(LoadBalancerCluster.Name)]
public sealed class LoadBalancerEndToEndTests(LoadBalancerClusterFixture cluster)
{
    [Fact]
    public async Task A_service_of_our_class_gets_an_address_and_an_owned_virtual_service_others_are_untouched_and_delete_cleans_up()
    {
        const string ns = "lb-basic";
        await cluster.ApplyAsync(Namespace(ns) + Pool("lb-basic", "198.18.10.0/30", ns)
            + Service(ns, "web") + Service(ns, "metallb", "metallb.io/metallb") + Service(ns, "plain", null));

        var web = await cluster.WaitAddressAsync(ns, "web");
        var ingress = Assert.Single(web.Status!.LoadBalancer!.Ingress!);
        Assert.StartsWith("198.18.10.", ingress.Ip, StringComparison.Ordinal);
        Assert.Equal("VIP", ingress.IpMode);
        Assert.Equal(ConditionStatus.True, LoadBalancerConditions.Ours(web.Status.Conditions)!.Status);
        var generated = await Eventually.ValueAsync(async () => await cluster.GeneratedAsync(ns, "web") is [var one] ? one : null, "web's VirtualService");
        var owner = Assert.Single(generated.Metadata.OwnerReferences!);
        Assert.Equal(("Service", "web", web.Metadata.Uid, true), (owner.Kind, owner.Name, owner.Uid, owner.Controller));
        Assert.Equal([ingress.Ip!], generated.Spec.Addresses);
        Assert.Equal(80, generated.Spec.Port);
        Assert.Equal(ForwardingMethod.Masquerade, generated.Spec.Forwarding!.Method);
        await cluster.WaitEventAsync(ns, "web", LoadBalancerConditions.IPAllocated);

        // Decided in the same passes as web: neither another class nor a class-less Service got anything.
        foreach (var name in new[] { "metallb", "plain" })
        {
            var untouched = await cluster.ServiceAsync(ns, name);
            Assert.Null(untouched!.Status?.LoadBalancer?.Ingress);
            Assert.Null(untouched.Status?.Conditions);
            Assert.Empty(await cluster.GeneratedAsync(ns, name));
            Assert.Empty(await cluster.EventsAsync(ns, name));
        }

        // A user's edit of the generated spec is put back, with an event naming the Service as the source.
        await cluster.Admin.Resource(ResourceTypes.VirtualServices).MergePatchAsync(ns, generated.Metadata.Name,
            new JsonObject { ["spec"] = new JsonObject { ["scheduler"] = new JsonObject { ["name"] = "sh" } } });
        var reverted = await cluster.WaitEventAsync(ns, generated.Metadata.Name, LoadBalancerConditions.EditReverted);
        Assert.Contains($"Service {ns}/web", reverted.Note, StringComparison.Ordinal);
        await Eventually.ValueAsync(async () => (await cluster.GeneratedAsync(ns, "web")).SingleOrDefault(v => v.Spec.Scheduler?.Name != "sh"), "the spec restored");

        Assert.True(await cluster.Admin.Resource(ResourceTypes.Services).DeleteAsync(ns, "web"));
        await Eventually.ValueAsync(async () => await cluster.GeneratedAsync(ns, "web") is [] ? "gone" : null, $"web's VirtualService deleted\n{cluster.Logs()}");
    }

    [Fact]
    public async Task An_exhausted_pool_fails_with_a_condition_and_an_event_a_requested_address_is_honoured_or_refused()
    {
        const string ns = "lb-exhaust";
        await cluster.ApplyAsync(Namespace(ns) + Pool("lb-exhaust", "198.18.11.0/31", ns) + Service(ns, "asks", address: "198.18.11.1"));
        Assert.Equal("198.18.11.1", (await cluster.WaitAddressAsync(ns, "asks")).Status!.LoadBalancer!.Ingress![0].Ip);

        await cluster.ApplyAsync(Service(ns, "first") + Service(ns, "outside", address: "203.0.113.9"));
        Assert.Equal("198.18.11.0", (await cluster.WaitAddressAsync(ns, "first")).Status!.LoadBalancer!.Ingress![0].Ip);
        var refused = await cluster.WaitReasonAsync(ns, "outside", nameof(AllocationFailureReason.RequestedAddressNotInPool));
        Assert.Null(refused.Status!.LoadBalancer?.Ingress);
        await cluster.WaitEventAsync(ns, "outside", LoadBalancerConditions.AllocationFailed);

        await cluster.ApplyAsync(Service(ns, "late"));
        var failed = await cluster.WaitReasonAsync(ns, "late", nameof(AllocationFailureReason.PoolExhausted));
        Assert.Equal(ConditionStatus.False, LoadBalancerConditions.Ours(failed.Status!.Conditions)!.Status);
        var failure = await cluster.WaitEventAsync(ns, "late", LoadBalancerConditions.AllocationFailed);
        Assert.Contains(nameof(AllocationFailureReason.PoolExhausted), failure.Note, StringComparison.Ordinal);
        var pool = await Eventually.ValueAsync(async () => await PoolAsync("lb-exhaust") is { Status.Assigned: 2 } p ? p : null, "the pool's status: 2 assigned");
        Assert.Equal("2", pool.Status!.Total);
    }

    [Fact]
    public async Task A_pool_edit_that_removes_an_assigned_address_is_a_condition_and_the_service_moves()
    {
        const string ns = "lb-shrink";
        await cluster.ApplyAsync(Namespace(ns) + Pool("lb-shrink", "198.18.12.0/32", ns) + Service(ns, "web"));
        Assert.Equal("198.18.12.0", (await cluster.WaitAddressAsync(ns, "web")).Status!.LoadBalancer!.Ingress![0].Ip);

        await cluster.ApplyAsync(Pool("lb-shrink", "198.18.12.1/32", ns));

        var moved = await Eventually.ValueAsync(async () => await cluster.ServiceAsync(ns, "web") is { Status.LoadBalancer.Ingress: [{ Ip: "198.18.12.1" }] } s ? s : null,
            $"web moved into the pool\n{cluster.Logs()}");
        Assert.Equal(ConditionStatus.True, LoadBalancerConditions.Ours(moved.Status!.Conditions)!.Status);
        var released = await cluster.WaitEventAsync(ns, "web", LoadBalancerConditions.AddressReleased);
        Assert.Contains("198.18.12.0", released.Note, StringComparison.Ordinal);
        var pool = await Eventually.ValueAsync(async () => await PoolAsync("lb-shrink") is { Status.ObservedGeneration: 2 } p ? p : null, "the pool's status for its edit");
        var shrunk = Assert.Single(pool.Status!.Conditions!, c => c.Type == AddressPoolConditions.Shrunk);
        Assert.Equal(ConditionStatus.True, shrunk.Status);
        Assert.Contains($"{ns}/web", shrunk.Message, StringComparison.Ordinal);
    }

    private Task<AddressPool?> PoolAsync(string name) => cluster.Admin.Resource(ResourceTypes.AddressPools).GetAsync(null, name);

    internal static string Namespace(string ns) => $$"""
        apiVersion: v1
        kind: Namespace
        metadata: {name: {{ns}} }
        ---

        """;

    internal static string Pool(string name, string addresses, string ns) => $$"""
        apiVersion: lvsoperator.io/v1alpha1
        kind: AddressPool
        metadata: {name: {{name}} }
        spec:
          addresses: [{{addresses}}]
          serviceAllocation: {namespaces: [{{ns}}]}
        ---

        """;

    internal static string Service(string ns, string name, string? loadBalancerClass = LoadBalancerAnnotations.LoadBalancerClass, string? address = null) => $$"""
        apiVersion: v1
        kind: Service
        metadata:
          name: {{name}}
          namespace: {{ns}}
          annotations: { {{(address is null ? "" : $"lvsoperator.io/address: \"{address}\"")}} }
        spec:
          type: LoadBalancer
          {{(loadBalancerClass is null ? "" : $"loadBalancerClass: {loadBalancerClass}")}}
          allocateLoadBalancerNodePorts: false
          ports: [{name: http, port: 80, targetPort: 8080}]
        ---

        """;
}
