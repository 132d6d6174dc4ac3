using LvsOperator.Controller.LoadBalancing;
using LvsOperator.Core.Control;
using LvsOperator.Core.LoadBalancing;
using LvsOperator.Core.Resources;
using LvsOperator.Kubernetes.Models;
using static LvsOperator.Controller.Tests.LoadBalancing.LoadBalancerScene;

namespace LvsOperator.Controller.Tests.LoadBalancing;

/// <summary>The LoadBalancer decisions without HTTP: which Services, what is written, and that a second pass writes nothing.</summary>
public sealed class LoadBalancerDecisionsTests
{
    [Fact]
    public void A_service_of_our_class_gets_an_address_as_vip_a_condition_an_event_and_an_owned_virtual_service()
    {
        var scene = new LoadBalancerScene { Pools = { Pool("public", "192.0.2.10/31") }, Services = { LoadBalancer("web") } };

        var first = scene.Decide();

        var status = Assert.Single(first.ServiceStatuses);
        Assert.Equal([new LoadBalancerIngress { Ip = "192.0.2.10", IpMode = "VIP" }], status.Ingress);
        var condition = Assert.Single(status.Conditions);
        Assert.Equal((LoadBalancerConditions.AddressAllocated, ConditionStatus.True, "Allocated"), (condition.Type, condition.Status, condition.Reason));
        Assert.Equal(LoadBalancerConditions.IPAllocated, Assert.Single(first.Events).Reason);
        var created = Assert.Single(first.VirtualServices);
        Assert.Equal(GeneratedChangeKind.Create, created.Kind);
        var owner = Assert.Single(created.VirtualService.Metadata.OwnerReferences!);
        Assert.Equal(("v1", "Service", "web", "uid-web", true, (bool?)null), (owner.ApiVersion, owner.Kind, owner.Name, owner.Uid, owner.Controller, owner.BlockOwnerDeletion));
        Assert.True(GeneratedVirtualServices.IsGenerated(created.VirtualService));
        Assert.Equal(["192.0.2.10"], created.VirtualService.Spec.Addresses);
        Assert.Equal("web", created.VirtualService.Spec.RealServers!.Service!.Name);
        Assert.Equal("1", Assert.Single(first.PoolStatuses).Status.Assigned.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var rounds = scene.Settle();
        Assert.Empty(rounds[^1].Events);
    }

    [Fact]
    public void Services_of_another_class_and_class_less_ones_are_not_touched_unless_the_controller_is_the_default()
    {
        var scene = new LoadBalancerScene
        {
            Pools = { Pool("public", "192.0.2.10/31") },
            Services = { LoadBalancer("metallb", loadBalancerClass: "metallb.io/metallb"), LoadBalancer("plain", loadBalancerClass: null) },
        };

        var output = scene.Decide();
        Assert.Empty(output.ServiceStatuses);
        Assert.Empty(output.VirtualServices);
        Assert.Empty(output.Events);

        scene.DefaultImplementation = true;
        var asDefault = scene.Decide();
        Assert.Equal(["plain"], asDefault.ServiceStatuses.Select(s => s.Service.Metadata.Name));
    }

    [Fact]
    public void An_exhausted_pool_fails_the_second_service_with_a_condition_and_one_event_not_one_per_pass()
    {
        var scene = new LoadBalancerScene { Pools = { Pool("tiny", "192.0.2.20/32") }, Services = { LoadBalancer("first"), LoadBalancer("second") } };

        var rounds = scene.Settle();

        var failed = LoadBalancerConditions.Ours(scene.Service("second").Status?.Conditions)!;
        Assert.Equal((ConditionStatus.False, nameof(AllocationFailureReason.PoolExhausted)), (failed.Status, failed.Reason));
        Assert.Null(scene.Service("second").Status!.LoadBalancer!.Ingress);
        Assert.Single(rounds.SelectMany(r => r.Events), e => e.Reason == LoadBalancerConditions.AllocationFailed && e.Regarding.Name == "second");
        Assert.Equal("192.0.2.20", scene.Service("first").Status!.LoadBalancer!.Ingress![0].Ip);
    }

    [Fact]
    public void A_requested_free_address_is_honoured_and_one_outside_every_pool_is_refused()
    {
        var scene = new LoadBalancerScene
        {
            Pools = { Pool("public", "192.0.2.0/28") },
            Services =
            {
                LoadBalancer("asks", annotations: new Dictionary<string, string> { [LoadBalancerAnnotations.Address] = "192.0.2.7" }),
                LoadBalancer("outside", annotations: new Dictionary<string, string> { [LoadBalancerAnnotations.Address] = "203.0.113.9" }),
            },
        };

        scene.Settle();

        Assert.Equal("192.0.2.7", scene.Service("asks").Status!.LoadBalancer!.Ingress![0].Ip);
        Assert.Equal(nameof(AllocationFailureReason.RequestedAddressNotInPool), LoadBalancerConditions.Ours(scene.Service("outside").Status!.Conditions)!.Reason);
    }

    [Fact]
    public void A_users_edit_of_a_generated_virtual_service_is_reverted_with_an_event_and_a_service_change_without_one()
    {
        var scene = new LoadBalancerScene { Pools = { Pool("public", "192.0.2.10/31") }, Services = { LoadBalancer("web") } };
        scene.Settle();
        var name = Assert.Single(scene.Generated).Metadata.Name;

        scene.EditGenerated(name, spec => spec with { Scheduler = new Scheduler { Name = "sh" } });
        var reverted = scene.Decide();

        var update = Assert.Single(reverted.VirtualServices);
        Assert.Equal(GeneratedChangeKind.Update, update.Kind);
        Assert.NotEqual("sh", update.VirtualService.Spec.Scheduler?.Name);
        Assert.Equal(LoadBalancerConditions.EditReverted, Assert.Single(reverted.Events).Reason);
        scene.Apply(reverted);
        Assert.Empty(scene.Decide().VirtualServices);

        scene.Replace("web", s => s with
        {
            Metadata = s.Metadata with { Annotations = new Dictionary<string, string> { [LoadBalancerAnnotations.Scheduler] = "rr" } },
        });
        var followed = scene.Decide();
        Assert.Equal("rr", Assert.Single(followed.VirtualServices).VirtualService.Spec.Scheduler?.Name);
        Assert.DoesNotContain(followed.Events, e => e.Reason == LoadBalancerConditions.EditReverted);
    }

    [Fact]
    public void A_service_that_stops_being_ours_loses_its_virtual_services_and_the_ingress_we_wrote()
    {
        var scene = new LoadBalancerScene { Pools = { Pool("public", "192.0.2.10/31") }, Services = { LoadBalancer("web") } };
        scene.Settle();

        scene.Replace("web", s => s with { Spec = s.Spec with { Type = "ClusterIP", LoadBalancerClass = null } });
        var output = scene.Decide();

        Assert.Equal(GeneratedChangeKind.Delete, Assert.Single(output.VirtualServices).Kind);
        var cleared = Assert.Single(output.ServiceStatuses);
        Assert.Empty(cleared.Ingress);
        Assert.Null(LoadBalancerConditions.Ours(cleared.Conditions));
        scene.Apply(output);
        Assert.Empty(scene.Settle()[0].ServiceStatuses);
    }

    [Fact]
    public void A_deleted_service_leaves_no_generated_virtual_service()
    {
        var scene = new LoadBalancerScene { Pools = { Pool("public", "192.0.2.10/31") }, Services = { LoadBalancer("web") } };
        scene.Settle();

        scene.Services.Clear();
        var output = scene.Decide();

        Assert.Equal(GeneratedChangeKind.Delete, Assert.Single(output.VirtualServices).Kind);
        Assert.Empty(output.ServiceStatuses);
    }

    [Fact]
    public void A_refused_translation_keeps_a_working_service_as_it_is_and_says_why()
    {
        var scene = new LoadBalancerScene { Pools = { Pool("public", "192.0.2.10/31") }, Services = { LoadBalancer("web") } };
        scene.Settle();

        scene.Replace("web", s => s with { Spec = s.Spec with { ExternalTrafficPolicy = "Local" } });
        var output = scene.Decide();

        Assert.Empty(output.VirtualServices);
        var status = Assert.Single(output.ServiceStatuses);
        Assert.Equal("192.0.2.10", Assert.Single(status.Ingress).Ip);
        Assert.Equal(TranslationRefusals.ExternalTrafficPolicyLocal, LoadBalancerConditions.Ours(status.Conditions)!.Reason);
        Assert.Equal(LoadBalancerConditions.AllocationFailed, Assert.Single(output.Events).Reason);
    }

    [Fact]
    public void A_pool_that_shrinks_under_an_assigned_address_says_so_and_the_service_moves()
    {
        var scene = new LoadBalancerScene { Pools = { Pool("public", "192.0.2.10/32") }, Services = { LoadBalancer("web") } };
        scene.Settle();

        scene.Pools[0] = scene.Pools[0] with { Spec = new AddressPoolSpec { Addresses = ["192.0.2.11/32"] }, Metadata = scene.Pools[0].Metadata with { Generation = 2 } };
        var output = scene.Decide();

        var pool = Assert.Single(output.PoolStatuses).Status;
        Assert.Equal(2, pool.ObservedGeneration);
        var shrunk = Assert.Single(pool.Conditions!, c => c.Type == AddressPoolConditions.Shrunk);
        Assert.Equal((ConditionStatus.True, AddressPoolConditions.ReasonAddressesLeftPool), (shrunk.Status, shrunk.Reason));
        Assert.Contains("shop/web", shrunk.Message);
        Assert.Equal("192.0.2.11", Assert.Single(Assert.Single(output.ServiceStatuses).Ingress).Ip);
        var released = Assert.Single(output.Events, e => e.Reason == LoadBalancerConditions.AddressReleased);
        Assert.Contains("192.0.2.10: AddressLeftPool", released.Message);

        // The Service left the shrunk range in that same pass; the pool keeps saying so until its next edit, and no
        // event repeats.
        scene.Apply(output);
        var settled = scene.Settle();
        Assert.Equal(ConditionStatus.True, scene.Pools[0].Status!.Conditions!.Single(c => c.Type == AddressPoolConditions.Shrunk).Status);
        Assert.Empty(settled.SelectMany(r => r.Events));
    }
}
