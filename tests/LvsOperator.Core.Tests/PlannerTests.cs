using System.Collections.Immutable;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Planning;
using static LvsOperator.Core.Tests.States;

namespace LvsOperator.Core.Tests;

public sealed class PlannerTests
{
    private static readonly VirtualAddressKey Web = Tcp("192.0.2.120", 10087);
    private static readonly IpvsDestination Rs1 = Dest("198.18.0.102", 10087, weight: 2);
    private static readonly IpvsDestination Rs2 = Dest("198.18.0.103", 10087);
    private static readonly OwnedState OwnsWeb = OwnedState.Empty with { Services = [Web] };

    private static Plan Plan(NodeDesiredState desired, ObservedState observed, OwnedState owned, DateTimeOffset? now = null) =>
        Planner.Plan(desired, observed, owned, now ?? T0, DrainPolicy.Default);

    [Fact]
    public void From_an_empty_kernel_adds_sysctls_links_service_destinations_then_vip_in_that_order()
    {
        var desired = Desired(Service(Web, "wrr", Rs1, Rs2)) with
        {
            Addresses = [Vip("192.0.2.120")],
            Links = ImmutableSortedDictionary<string, LinkKind>.Empty.Add("lvs0", LinkKind.Dummy),
            Sysctls = ImmutableSortedDictionary<string, string>.Empty.Add("net.ipv4.ip_forward", "1"),
        };
        var observed = ObservedState.Empty with { Sysctls = ImmutableDictionary<string, string>.Empty.Add("net.ipv4.ip_forward", "0") };

        var plan = Plan(desired, observed, OwnedState.Empty);

        Assert.Equal(
        [
            new SetSysctl("net.ipv4.ip_forward", "1", "0"),
            new CreateLink("lvs0"),
            new SetLinkUp("lvs0"),
            new AddService(desired.Services[Web].Service),
            new AddDestination(Web, Rs1),
            new AddDestination(Web, Rs2),
            new AddAddress(Vip("192.0.2.120")),
        ], plan.Operations);
        Assert.Empty(plan.Conflicts);
    }

    [Fact]
    public void Nothing_to_do_when_the_kernel_already_matches()
    {
        var desired = Desired(Service(Web, "wrr", Rs1, Rs2));
        Assert.True(Plan(desired, Observed(Service(Web, "wrr", Rs1, Rs2)), OwnsWeb).IsEmpty);
    }

    [Fact]
    public void A_changed_scheduler_edits_the_service_in_place()
    {
        var desired = Desired(Service(Web, "rr", Rs1));
        var plan = Plan(desired, Observed(Service(Web, "wrr", Rs1)), OwnsWeb);
        Assert.Equal([new UpdateService(desired.Services[Web].Service)], plan.Operations);
    }

    [Fact]
    public void Persistence_settings_of_a_non_persistent_service_are_not_a_difference()
    {
        var desired = Desired(Service(Web, "wrr", Rs1));
        var kernel = Service(Web, "wrr", Rs1);
        kernel = kernel with { Service = kernel.Service with { PersistenceTimeoutSeconds = 300 } };
        Assert.True(Plan(desired, Observed(kernel), OwnsWeb).IsEmpty);
    }

    [Fact]
    public void A_changed_weight_edits_only_that_destination()
    {
        var heavier = Rs2 with { Weight = 5 };
        var plan = Plan(Desired(Service(Web, "wrr", Rs1, heavier)), Observed(Service(Web, "wrr", Rs1, Rs2)), OwnsWeb);
        Assert.Equal([new UpdateDestination(Web, heavier)], plan.Operations);
    }

    [Fact]
    public void A_removed_destination_is_drained_first_and_not_deleted_while_it_has_connections()
    {
        var desired = Desired(Service(Web, "wrr", Rs1));
        var observed = Observed(Service(Web, "wrr", Rs1, Rs2)).WithConnections(Web, Rs2, active: 3);

        var first = Plan(desired, observed, OwnsWeb);
        Assert.Equal([new DrainDestination(Web, Rs2 with { Weight = 0 })], first.Operations);

        var (drained, owned) = KernelSimulator.Apply(observed, OwnsWeb, first, T0);
        Assert.Equal(0, drained.Services[Web].Destinations[Rs2.Key].Destination.Weight);
        Assert.True(Plan(desired, drained, owned, T0.AddMinutes(1)).IsEmpty);
    }

    [Fact]
    public void A_drained_destination_is_deleted_once_its_connections_are_gone()
    {
        var desired = Desired(Service(Web, "wrr", Rs1));
        var observed = Observed(Service(Web, "wrr", Rs1, Rs2 with { Weight = 0 })).WithConnections(Web, Rs2, active: 0, inactive: 0);
        var owned = OwnsWeb with { Draining = ImmutableDictionary<DrainKey, DateTimeOffset>.Empty.Add(new(Web, Rs2.Key), T0) };

        Assert.Equal([new DeleteDestination(Web, Rs2.Key)], Plan(desired, observed, owned, T0.AddSeconds(5)).Operations);
    }

    [Fact]
    public void A_drained_destination_is_deleted_when_the_grace_period_ends_even_with_connections()
    {
        var desired = Desired(Service(Web, "wrr", Rs1));
        var observed = Observed(Service(Web, "wrr", Rs1, Rs2 with { Weight = 0 })).WithConnections(Web, Rs2, active: 7);
        var owned = OwnsWeb with { Draining = ImmutableDictionary<DrainKey, DateTimeOffset>.Empty.Add(new(Web, Rs2.Key), T0) };

        Assert.True(Plan(desired, observed, owned, T0 + DrainPolicy.Default.GracePeriod - TimeSpan.FromSeconds(1)).IsEmpty);
        Assert.Equal([new DeleteDestination(Web, Rs2.Key)], Plan(desired, observed, owned, T0 + DrainPolicy.Default.GracePeriod).Operations);
    }

    [Fact]
    public void A_quiescent_destination_removed_without_a_drain_record_starts_its_drain_now()
    {
        // Weight 0 already (the user set it), then removed: the drain clock must start, not be skipped.
        var observed = Observed(Service(Web, "wrr", Rs1, Rs2 with { Weight = 0 })).WithConnections(Web, Rs2, active: 1);
        Assert.Equal([new DrainDestination(Web, Rs2 with { Weight = 0 })], Plan(Desired(Service(Web, "wrr", Rs1)), observed, OwnsWeb).Operations);
    }

    [Fact]
    public void A_destination_coming_back_during_its_drain_gets_its_weight_back_and_leaves_the_drain()
    {
        var observed = Observed(Service(Web, "wrr", Rs1, Rs2 with { Weight = 0 }));
        var owned = OwnsWeb with { Draining = ImmutableDictionary<DrainKey, DateTimeOffset>.Empty.Add(new(Web, Rs2.Key), T0) };
        var plan = Plan(Desired(Service(Web, "wrr", Rs1, Rs2)), observed, owned);

        Assert.Equal([new UpdateDestination(Web, Rs2)], plan.Operations);
        Assert.Empty(owned.After(plan.Operations[0], T0).Draining);
    }

    [Fact]
    public void A_removed_service_drains_its_destinations_keeps_its_vip_then_goes_with_the_vip_last()
    {
        var observed = Observed(Service(Web, "wrr", Rs1)).WithConnections(Web, Rs1, active: 2) with { Addresses = [Vip("192.0.2.120")] };
        var owned = OwnsWeb with { Addresses = [Vip("192.0.2.120")] };

        var first = Plan(NodeDesiredState.Empty, observed, owned);
        Assert.Equal([new DrainDestination(Web, Rs1 with { Weight = 0 })], first.Operations);

        var (draining, ledger) = KernelSimulator.Apply(observed, owned, first, T0);
        var idle = draining.WithConnections(Web, Rs1 with { Weight = 0 }, active: 0);
        Assert.Equal(
            [new DeleteAddress(Vip("192.0.2.120")), new DeleteDestination(Web, Rs1.Key), new DeleteService(Web)],
            Plan(NodeDesiredState.Empty, idle, ledger, T0.AddSeconds(30)).Operations);
    }

    [Fact]
    public void A_service_that_exists_but_is_not_owned_is_reported_and_left_alone()
    {
        var foreign = Observed(Service(Web, "rr", Rs2));
        var plan = Plan(Desired(Service(Web, "wrr", Rs1)), foreign, OwnedState.Empty);

        Assert.Empty(plan.Operations);
        var conflict = Assert.Single(plan.Conflicts);
        Assert.Contains("not created by LvsOperator", conflict.Reason);
    }

    [Fact]
    public void Foreign_services_addresses_links_and_sysctls_are_never_touched()
    {
        var kubeProxy = Service(Tcp("203.0.113.10", 443), "rr", Dest("198.18.1.1", 8443, method: Resources.ForwardingMethod.Masquerade));
        var observed = Observed(kubeProxy) with
        {
            Addresses = [Vip("203.0.113.10", "kube-ipvs0")],
            Links = ImmutableDictionary<string, ObservedLink>.Empty.Add("kube-ipvs0", new ObservedLink("kube-ipvs0", false)),
            Sysctls = ImmutableDictionary<string, string>.Empty.Add("net.ipv4.vs.conntrack", "1"),
        };

        Assert.True(Plan(NodeDesiredState.Empty, observed, OwnedState.Empty).IsEmpty);
    }

    [Fact]
    public void An_address_that_already_exists_unowned_is_used_but_never_deleted()
    {
        var desired = NodeDesiredState.Empty with { Addresses = [Vip("192.0.2.120", "lo")] };
        var observed = ObservedState.Empty with { Addresses = [Vip("192.0.2.120", "lo")] };

        Assert.True(Plan(desired, observed, OwnedState.Empty).IsEmpty);
        Assert.True(Plan(NodeDesiredState.Empty, observed, OwnedState.Empty).IsEmpty);
    }

    [Fact]
    public void A_sysctl_no_longer_wanted_gets_its_original_value_back_even_after_restarts()
    {
        var desired = NodeDesiredState.Empty with
        {
            Sysctls = ImmutableSortedDictionary<string, string>.Empty.Add("net.ipv4.conf.all.arp_ignore", "1"),
        };
        var observed = ObservedState.Empty with { Sysctls = ImmutableDictionary<string, string>.Empty.Add("net.ipv4.conf.all.arp_ignore", "0") };

        var (set, owned) = KernelSimulator.Apply(observed, OwnedState.Empty, Plan(desired, observed, OwnedState.Empty), T0);
        // A second set (say after an admin changed it again) must not overwrite the recorded original.
        var tampered = set with { Sysctls = set.Sysctls.SetItem("net.ipv4.conf.all.arp_ignore", "2") };
        var (again, owned2) = KernelSimulator.Apply(tampered, owned, Plan(desired, tampered, owned), T0);
        Assert.Equal("0", owned2.SysctlOriginals["net.ipv4.conf.all.arp_ignore"]);

        Assert.Equal([new RestoreSysctl("net.ipv4.conf.all.arp_ignore", "0")], Plan(NodeDesiredState.Empty, again, owned2).Operations);
    }

    [Fact]
    public void A_service_someone_deleted_is_recreated()
    {
        var desired = Desired(Service(Web, "wrr", Rs1));
        var plan = Plan(desired, ObservedState.Empty, OwnsWeb);
        Assert.Equal([new AddService(desired.Services[Web].Service), new AddDestination(Web, Rs1)], plan.Operations);
    }

    [Fact]
    public void A_missing_kernel_link_is_requested_from_the_kernel_then_brought_up()
    {
        var desired = NodeDesiredState.Empty with { Links = ImmutableSortedDictionary<string, LinkKind>.Empty.Add("tunl0", LinkKind.Existing) };
        var plan = Plan(desired, ObservedState.Empty, OwnedState.Empty);
        Assert.Equal([new RequestLink("tunl0"), new SetLinkUp("tunl0")], plan.Operations);
        Assert.Empty(plan.Conflicts);
    }

    [Fact]
    public void A_link_the_agent_raised_goes_down_again_and_one_it_created_is_deleted()
    {
        var observed = ObservedState.Empty with
        {
            Links = ImmutableDictionary<string, ObservedLink>.Empty
                .Add("tunl0", new ObservedLink("tunl0", true))
                .Add("lvs0", new ObservedLink("lvs0", true)),
        };
        var owned = OwnedState.Empty with { CreatedLinks = ["lvs0"], RaisedLinks = ["tunl0", "lvs0"] };
        Assert.Equal([new DeleteLink("lvs0"), new SetLinkDown("tunl0")], Plan(NodeDesiredState.Empty, observed, owned).Operations);
    }

    [Fact]
    public void A_draining_nat_service_keeps_forwarding_and_its_link_until_it_is_gone()
    {
        var nat = Dest("198.18.1.10", 8080, method: Resources.ForwardingMethod.Masquerade);
        var observed = Observed(Service(Web, "wrr", nat)).WithConnections(Web, nat, active: 4) with
        {
            Addresses = [Vip("192.0.2.120")],
            Links = ImmutableDictionary<string, ObservedLink>.Empty.Add("lvs0", new ObservedLink("lvs0", true)),
            Sysctls = ImmutableDictionary<string, string>.Empty.Add("net.ipv4.ip_forward", "1"),
        };
        var owned = OwnsWeb with
        {
            Addresses = [Vip("192.0.2.120")],
            CreatedLinks = ["lvs0"],
            RaisedLinks = ["lvs0"],
            SysctlOriginals = ImmutableDictionary<string, string>.Empty.Add("net.ipv4.ip_forward", "0"),
        };

        var draining = Plan(NodeDesiredState.Empty, observed, owned);
        Assert.Equal([new DrainDestination(Web, nat with { Weight = 0 })], draining.Operations);

        var (kernel, ledger) = KernelSimulator.Apply(observed, owned, draining, T0);
        var done = Plan(NodeDesiredState.Empty, kernel.WithConnections(Web, nat with { Weight = 0 }, active: 0), ledger, T0.AddSeconds(1));
        Assert.Equal(
        [
            new DeleteAddress(Vip("192.0.2.120")), new DeleteDestination(Web, nat.Key), new DeleteService(Web),
            new RestoreSysctl("net.ipv4.ip_forward", "0"), new DeleteLink("lvs0"),
        ], done.Operations);
    }
}
