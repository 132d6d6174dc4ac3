using LvsOperator.Controller.LoadBalancing;
using LvsOperator.Kubernetes.Client;
using static LvsOperator.Controller.Tests.RealApiServer.LoadBalancerEndToEndTests;

namespace LvsOperator.Controller.Tests.RealApiServer;

/// <summary>
/// Which replica writes and with which flags: class-less Services become ours only when the leader runs as the
/// default implementation, and with a standby running beside the leader only the leader writes and no address is
/// given twice, across a handover too.
/// </summary>
[Collection(LoadBalancerCluster.Name)]
public sealed class LoadBalancerReplicaTests(LoadBalancerClusterFixture cluster)
{
    [Fact]
    public async Task Class_less_services_are_served_only_by_a_default_implementation_and_let_go_when_it_stops_being_one()
    {
        const string ns = "lb-default";
        await cluster.ApplyAsync(Namespace(ns) + Pool("lb-default", "198.18.13.0/30", ns) + Service(ns, "plain", null) + Service(ns, "web"));
        await cluster.WaitAddressAsync(ns, "web");
        Assert.Null((await cluster.ServiceAsync(ns, "plain"))!.Status?.LoadBalancer?.Ingress);

        try
        {
            await cluster.LeadAsync(defaultImplementation: true);
            var plain = await cluster.WaitAddressAsync(ns, "plain");
            Assert.Equal("VIP", plain.Status!.LoadBalancer!.Ingress![0].IpMode);
            await Eventually.ValueAsync(async () => await cluster.GeneratedAsync(ns, "plain") is [var one] ? one : null, "plain's VirtualService");
        }
        finally
        {
            await cluster.LeadAsync(defaultImplementation: false);
        }

        // Not ours any more: what we wrote is cleared, what we generated deleted; the Service of our class keeps its address.
        await Eventually.ValueAsync(async () => await cluster.ServiceAsync(ns, "plain") is { } s && s.Status?.LoadBalancer?.Ingress is null
            && LoadBalancerConditions.Ours(s.Status?.Conditions) is null ? s : null, $"plain let go\n{cluster.Logs()}");
        await Eventually.ValueAsync(async () => await cluster.GeneratedAsync(ns, "plain") is [] ? "gone" : null, "plain's VirtualService deleted");
        Assert.NotNull((await cluster.ServiceAsync(ns, "web"))!.Status?.LoadBalancer?.Ingress);
    }

    [Fact]
    public async Task With_a_standby_only_the_leader_writes_and_no_address_is_given_twice_across_a_handover()
    {
        const string ns = "lb-replicas";
        var standby = cluster.StartReplica();
        try
        {
            var transitions = await cluster.LeaseTransitionsAsync();
            await cluster.ApplyAsync(Namespace(ns) + Pool("lb-replicas", "198.18.14.0/29", ns)
                + string.Concat(Enumerable.Range(1, 5).Select(i => Service(ns, $"svc-{i}"))));
            for (var i = 1; i <= 5; i++) await cluster.WaitAddressAsync(ns, $"svc-{i}");

            var leader = cluster.Leader;
            var allocated = await Eventually.ValueAsync(async () =>
            {
                var events = (await cluster.Admin.Resource(ResourceTypes.Events).ListAsync(ns)).Items.Where(e => e.Reason == LoadBalancerConditions.IPAllocated).ToList();
                return events.Count >= 5 ? events : null;
            }, "five IPAllocated events");
            // Unless the Lease changed hands meanwhile (a machine too loaded to renew in time), one replica wrote it all.
            if (await cluster.LeaseTransitionsAsync() == transitions)
            {
                Assert.All(allocated, e => Assert.Equal(leader.Identity, e.ReportingInstance));
                Assert.False(standby.Logged("LoadBalancers:"), standby.Tail(20));
            }

            // The leader stops; the standby takes the Lease and serves the next Services from the same ledger.
            Assert.True(leader.Terminate(TimeSpan.FromSeconds(20)));
            await cluster.AdoptAsync(standby);
            await cluster.ApplyAsync(Service(ns, "svc-6") + Service(ns, "svc-7"));
            for (var i = 6; i <= 7; i++) await cluster.WaitAddressAsync(ns, $"svc-{i}");

            var services = (await cluster.Admin.Resource(ResourceTypes.Services).ListAsync(ns)).Items;
            var addresses = services.SelectMany(s => s.Status?.LoadBalancer?.Ingress ?? []).Select(i => i.Ip).ToList();
            Assert.Equal(7, addresses.Count);
            Assert.Equal(addresses.Count, addresses.Distinct().Count());
            Assert.All(addresses, a => Assert.StartsWith("198.18.14.", a, StringComparison.Ordinal));
            // The writer logs its pass after the last write (events included), so the line may trail the statuses.
            await Eventually.ValueAsync(() => Task.FromResult(standby.Logged("LoadBalancers:") ? "logged" : null), $"the new leader's writes\n{standby.Tail(20)}");
        }
        finally
        {
            // A standby left running would take the Lease from the next test's leader.
            if (cluster.Leader != standby) standby.Kill();
        }
    }
}
