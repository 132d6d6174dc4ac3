using System.Numerics;
using LvsOperator.Core.LoadBalancing;
using LvsOperator.Core.Resources;
using static LvsOperator.Core.Tests.LoadBalancing.Pools;

namespace LvsOperator.Core.Tests.LoadBalancing;

public sealed class AddressAllocatorTests
{
    private const string Address = LoadBalancerAnnotations.Address;
    private const string Shared = LoadBalancerAnnotations.AllowSharedIp;

    [Fact]
    public void Auto_assigns_the_lowest_free_address_oldest_Service_first()
    {
        var result = Allocate([Pool("a", "192.0.2.10-192.0.2.11")], [Service("new", minutes: 5), Service("old", minutes: 1), Service("newest", minutes: 9)]);
        Assert.Equal(["192.0.2.10"], result.Addresses("old"));
        Assert.Equal(["192.0.2.11"], result.Addresses("new"));
        Assert.Equal(AllocationFailureReason.PoolExhausted, result.Failure("newest"));
        Assert.Equal("a", result.Services[new("default", "old")].Pool);
        Assert.Equal(2, result.Pools["a"].AssignedIPv4);
    }

    [Fact]
    public void Keeps_what_a_Service_holds_even_when_a_lower_address_is_free()
    {
        var result = Allocate([Pool("a", "192.0.2.0/28")], [Service("web").Holding("192.0.2.9")]);
        Assert.Equal(["192.0.2.9"], result.Addresses("web"));
        Assert.Empty(result.Services[new("default", "web")].Released);
    }

    [Fact]
    public void Honours_a_requested_address_and_spec_loadBalancerIP()
    {
        var pool = Pool("a", "192.0.2.0/28");
        var result = Allocate([pool], [Service("web").Annotated(Address, "192.0.2.7"), Service("old") with { LoadBalancerIP = "192.0.2.8" }]);
        Assert.Equal(["192.0.2.7"], result.Addresses("web"));
        Assert.Equal(["192.0.2.8"], result.Addresses("old"));
    }

    [Fact]
    public void A_requested_address_held_by_another_Service_fails_with_the_holder_named()
    {
        var result = Allocate([Pool("a", "192.0.2.0/28")], [Service("holder", minutes: 9).Holding("192.0.2.7"), Service("wants", minutes: 1).Annotated(Address, "192.0.2.7")]);
        Assert.Equal(["192.0.2.7"], result.Addresses("holder"));
        var failure = result.Services[new("default", "wants")].Failure!;
        Assert.Equal(AllocationFailureReason.RequestedAddressInUse, failure.Reason);
        Assert.Contains("default/holder", failure.Message, StringComparison.Ordinal);
        Assert.Empty(result.Addresses("wants"));
    }

    [Fact]
    public void An_address_freed_by_a_move_to_another_pool_goes_to_the_request_refused_for_it_in_the_same_pass()
    {
        // "mover" holds an IPv4 address of pool a but requires IPv6 first: it moves to pool b, which has both families.
        AddressPool[] pools = [Pool("a", "192.0.2.0/30"), Pool("b", "198.18.0.0/30", "2001:db8::/126")];
        LoadBalancerService[] services =
        [
            Service("mover", minutes: 1).DualStack(IpFamilyPolicy.PreferDualStack, IpFamily.IPv6, IpFamily.IPv4).Holding("192.0.2.1"),
            Service("wants", minutes: 2).Annotated(Address, "192.0.2.1"),
        ];

        var result = Allocate(pools, services);

        Assert.Equal(["2001:db8::", "198.18.0.0"], result.Addresses("mover"));
        Assert.Equal(["192.0.2.1"], result.Addresses("wants"));
        Assert.Null(result.Failure("wants"));
        var fedBack = Allocate(pools, Applied(services, result));
        Assert.Equal(result.Addresses("mover"), fedBack.Addresses("mover"));
        Assert.Equal(result.Addresses("wants"), fedBack.Addresses("wants"));
    }

    [Theory]
    [InlineData("198.18.0.1", AllocationFailureReason.RequestedAddressNotInPool)]
    [InlineData("192.0.2.0", AllocationFailureReason.RequestedAddressNotInPool)]
    [InlineData("not-an-ip", AllocationFailureReason.InvalidRequest)]
    [InlineData("2001:db8::1", AllocationFailureReason.InvalidRequest)]
    [InlineData("192.0.2.1,192.0.2.2", AllocationFailureReason.InvalidRequest)]
    public void Refuses_requests_it_cannot_honour(string requested, AllocationFailureReason reason)
    {
        var pool = Pool("a", "192.0.2.0/24") with { Spec = new AddressPoolSpec { Addresses = ["192.0.2.0/24"], AvoidBuggyIPs = true } };
        var result = Allocate([pool], [Service("web").Annotated(Address, requested)]);
        Assert.Equal(reason, result.Failure("web"));
    }

    [Fact]
    public void Selectors_priority_and_autoAssign_choose_the_pool()
    {
        var teamOnly = Pool("team", "198.18.0.0/30").With(new ServiceAllocation { Priority = 1, Namespaces = ["team"] });
        var manual = Pool("manual", "203.0.113.0/30") with { Spec = new AddressPoolSpec { Addresses = ["203.0.113.0/30"], AutoAssign = false } };
        var labelled = Pool("labelled", "192.0.2.0/30").With(new ServiceAllocation
        {
            Priority = 5,
            NamespaceSelectors = [new LabelSelector { MatchLabels = new Dictionary<string, string> { ["tier"] = "edge" } }],
            ServiceSelectors = [new LabelSelector { MatchLabels = new Dictionary<string, string> { ["expose"] = "yes" } }],
        });
        var labels = new Dictionary<string, IReadOnlyDictionary<string, string>> { ["edge"] = new Dictionary<string, string> { ["tier"] = "edge" } };
        var result = Allocate([teamOnly, manual, labelled], [
            Service("a", "team"),
            Service("b", "edge") with { Labels = new Dictionary<string, string> { ["expose"] = "yes" } },
            Service("c", "edge"),
            Service("d", "other").Annotated(LoadBalancerAnnotations.AddressPool, "manual"),
        ], labels);

        Assert.Equal(["198.18.0.0"], result.Addresses("a", "team"));
        Assert.Equal(["192.0.2.0"], result.Addresses("b", "edge"));
        Assert.Equal(AllocationFailureReason.NoPoolMatches, result.Failure("c", "edge"));
        Assert.Equal(["203.0.113.0"], result.Addresses("d", "other"));
    }

    [Fact]
    public void Dual_stack_gets_one_address_per_family_in_the_Service_order()
    {
        var pool = Pool("a", "192.0.2.0/30", "2001:db8::/64").With(new ServiceAllocation { Namespaces = ["default"] });
        var v4only = Pool("v4", "198.18.0.0/30").With(new ServiceAllocation { Namespaces = ["v4"] });
        var result = Allocate([pool, v4only], [
            Service("require").DualStack(IpFamilyPolicy.RequireDualStack, IpFamily.IPv6, IpFamily.IPv4),
            Service("prefer", "v4").DualStack(IpFamilyPolicy.PreferDualStack, IpFamily.IPv4, IpFamily.IPv6),
            Service("must", "v4").DualStack(IpFamilyPolicy.RequireDualStack, IpFamily.IPv4, IpFamily.IPv6),
        ]);
        Assert.Equal(["2001:db8::", "192.0.2.0"], result.Addresses("require"));
        Assert.Equal("198.18.0.0", Assert.Single(result.Addresses("prefer", "v4")));
        Assert.Equal(AllocationFailureReason.PoolExhausted, result.Failure("must", "v4"));
    }

    [Fact]
    public void Services_with_one_sharing_key_share_an_address_while_their_ports_differ()
    {
        var result = Allocate([Pool("a", "192.0.2.0/30")], [
            Service("dns-tcp", minutes: 1, ports: 53).Annotated(Shared, "dns").Holding("192.0.2.0"),
            Service("dns-udp", minutes: 2, ports: 54).Annotated(Shared, "dns"),
            Service("clash", minutes: 3, ports: 53).Annotated(Shared, "dns"),
            Service("stranger", minutes: 4).Annotated(Address, "192.0.2.0"),
        ]);
        Assert.Equal(["192.0.2.0"], result.Addresses("dns-tcp"));
        Assert.Equal(["192.0.2.0"], result.Addresses("dns-udp"));
        Assert.Equal(["192.0.2.1"], result.Addresses("clash"));
        Assert.Equal(AllocationFailureReason.RequestedAddressInUse, result.Failure("stranger"));
        Assert.Equal(2, result.Pools["a"].AssignedIPv4);
    }

    [Fact]
    public void A_shrunk_pool_flags_and_moves_the_Services_whose_address_left_it()
    {
        var services = new[] { Service("a", minutes: 1), Service("b", minutes: 2) };
        var before = Allocate([Pool("p", "192.0.2.0/29")], services);
        var applied = Applied(services, before);
        Assert.Equal(["192.0.2.1"], before.Addresses("b"));

        var after = Allocate([Pool("p", "192.0.2.0/32", "192.0.2.4/30")], applied);
        Assert.Equal([new ServiceName("default", "b")], after.Pools["p"].ShrunkUnder);
        Assert.Equal(["192.0.2.0"], after.Addresses("a"));
        Assert.Equal(["192.0.2.4"], after.Addresses("b"));
        var released = Assert.Single(after.Services[new("default", "b")].Released);
        Assert.Equal(("192.0.2.1", AllocationFailureReason.AddressLeftPool), (released.Address, released.Reason));

        var status = AddressPoolStatusBuilder.Build(Pool("p"), after.Pools["p"], T0);
        Assert.Equal(ConditionStatus.True, Shrunk(status));

        // The next pass finds every Service inside again: the condition holds until the pool's next edit.
        var settled = Allocate([Pool("p", "192.0.2.0/32", "192.0.2.4/30")], Applied(applied, after));
        Assert.Empty(settled.Pools["p"].ShrunkUnder);
        var sameEdit = Pool("p") with { Status = status };
        Assert.Equal(ConditionStatus.True, Shrunk(AddressPoolStatusBuilder.Build(sameEdit, settled.Pools["p"], T0.AddMinutes(1))));
        var nextEdit = sameEdit with { Metadata = sameEdit.Metadata with { Generation = 2 } };
        Assert.Equal(ConditionStatus.False, Shrunk(AddressPoolStatusBuilder.Build(nextEdit, settled.Pools["p"], T0.AddMinutes(2))));
    }

    [Fact]
    public void The_recorded_pool_may_come_from_the_MetalLB_style_annotation_and_none_blames_no_pool()
    {
        var annotated = Service("a").Holding("198.18.0.1").Annotated(LoadBalancerAnnotations.AllocatedFromPool, "p");
        var unknown = Service("b", minutes: 1).Holding("198.18.0.2");
        var result = Allocate([Pool("p", "192.0.2.0/29")], [annotated, unknown]);
        Assert.Equal([new ServiceName("default", "a")], result.Pools["p"].ShrunkUnder);
        Assert.Equal(AllocationFailureReason.AddressLeftPool, Assert.Single(result.Services[new("default", "b")].Released).Reason);
    }

    private static ConditionStatus Shrunk(AddressPoolStatus status) =>
        status.Conditions!.Single(c => c.Type == AddressPoolConditions.Shrunk).Status;

    [Fact]
    public void The_newer_of_two_overlapping_pools_hands_out_nothing()
    {
        var result = Allocate([Pool("young", "192.0.2.0/24").Created(5), Pool("old", "192.0.2.128/25")], [Service("web")]);
        Assert.Equal(["young"], result.Pools.Where(p => !p.Value.Usable).Select(p => p.Key));
        Assert.Equal(["old"], result.Pools["young"].OverlappingPools);
        Assert.Equal(["192.0.2.128"], result.Addresses("web"));
    }

    [Fact]
    public void Avoids_buggy_addresses_and_does_not_count_them()
    {
        var pool = Pool("a") with { Spec = new AddressPoolSpec { Addresses = ["192.0.2.0/23"], AvoidBuggyIPs = true } };
        var result = Allocate([pool], [Service("web").Holding("192.0.2.255"), Service("next", minutes: 1)]);
        Assert.Equal(["192.0.2.1"], result.Addresses("web"));
        Assert.Equal(["192.0.2.2"], result.Addresses("next"));
        Assert.Equal(new BigInteger(512 - 4), result.Pools["a"].TotalIPv4);
    }

    [Fact]
    public void A_huge_IPv6_pool_is_never_enumerated()
    {
        var services = Enumerable.Range(0, 300).Select(i => Service($"s{i:D3}", minutes: i).DualStack(IpFamilyPolicy.SingleStack, IpFamily.IPv6)).ToList();
        var result = Allocate([Pool("v6", "2001:db8::/64", "2001:db8:1::/48")], services);
        Assert.Equal(["2001:db8::12b"], result.Addresses("s299"));
        Assert.Equal(BigInteger.Pow(2, 64) + BigInteger.Pow(2, 80), result.Pools["v6"].TotalIPv6);

        var status = AddressPoolStatusBuilder.Build(Pool("v6"), result.Pools["v6"], T0);
        Assert.Equal("1208944266358702884257792", status.Total);
        Assert.Equal(300, status.Ipv6!.Assigned);
    }

    [Fact]
    public void Five_thousand_Services_get_distinct_addresses_in_order_past_the_avoided_ones()
    {
        var pool = Pool("big") with { Spec = new AddressPoolSpec { Addresses = ["198.18.0.0/16"], AvoidBuggyIPs = true } };
        var services = Enumerable.Range(0, 5000).Select(i => Service($"s{i:D4}", minutes: i)).ToList();
        var result = Allocate([pool], services);
        Assert.Equal(5000, result.Services.Values.SelectMany(o => o.Addresses).Distinct().Count());
        Assert.Equal(["198.18.19.174"], result.Addresses("s4999"));
        Assert.Equal(5000, result.Pools["big"].AssignedIPv4);
    }

    [Fact]
    public void Status_conditions_keep_their_transition_time_while_unchanged()
    {
        var pool = Pool("p", "192.0.2.0/24");
        var usage = Allocate([pool], []).Pools["p"];
        var first = AddressPoolStatusBuilder.Build(pool, usage, T0);
        var second = AddressPoolStatusBuilder.Build(pool with { Status = first }, usage, T0.AddHours(1));
        Assert.Equal(first.Conditions, second.Conditions);
        Assert.Equal(ConditionStatus.True, first.Conditions!.Single(c => c.Type == AddressPoolConditions.Ready).Status);
        Assert.Equal("256", first.Total);
    }

    [Fact]
    public void A_reversed_range_makes_the_pool_unparsable_but_keeps_what_it_gave()
    {
        var result = Allocate([Pool("p", "192.0.2.0/30", "192.0.2.20-192.0.2.10")], [Service("held").Holding("192.0.2.1"), Service("new", minutes: 1)]);
        Assert.Equal(["192.0.2.20-192.0.2.10"], result.Pools["p"].UnparsableEntries);
        Assert.Equal(["192.0.2.1"], result.Addresses("held"));
        Assert.Equal(AllocationFailureReason.NoPoolMatches, result.Failure("new"));
    }
}
