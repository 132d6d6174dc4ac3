using System.Collections.Immutable;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Planning;
using static LvsOperator.Core.Tests.States;

namespace LvsOperator.Core.Tests;

/// <summary>
/// An mh service's destination list must end in the order a fresh service gets (added by ascending address, so a dump
/// lists them newest first): the planner moves the fewest destinations, by deleting and adding them again.
/// Real servers are named by the last byte of 198.18.0.x; a kernel list is written as a dump walks it.
/// </summary>
public sealed class MhOrderTests
{
    private static readonly VirtualAddressKey Web = Tcp("192.0.2.120", 10087);
    private static readonly OwnedState OwnsWeb = OwnedState.Empty with { Services = [Web] };

    private static IpvsDestination Rs(string last, int weight = 1) => Dest($"198.18.0.{last}", 10087, weight);

    private static IpvsDestination[] Parse(string list) => [.. list.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(n => Rs(n))];

    private static string Short(Operation operation) => operation switch
    {
        AddDestination o => $"add {Last(o.Destination.Key)}",
        DeleteDestination o => $"del {Last(o.Destination)}",
        UpdateDestination o => $"edit {Last(o.Destination.Key)}",
        DrainDestination o => $"drain {Last(o.Destination.Key)}",
        _ => operation.ToString(),
    };

    private static string Last(DestinationKey key) => key.Address.GetAddressBytes()[3].ToString();

    private static (Plan Plan, ObservedState After) PlanAndApply(string scheduler, string wanted, ObservedService kernel)
    {
        var desired = Desired(Service(Web, scheduler, Parse(wanted)));
        var observed = ObservedState.Empty with { Services = ImmutableDictionary<ServiceKey, ObservedService>.Empty.Add(Web, kernel) };
        var plan = Planner.Plan(desired, observed, OwnsWeb, T0, DrainPolicy.Default);
        return (plan, KernelSimulator.Apply(observed, OwnsWeb, plan, T0).Item1);
    }

    [Theory]
    [InlineData("mh", "1 2 3", "3 2 1", "")]                                      // as a fresh service: nothing to do
    [InlineData("mh", "1 2 3", "1 3 2", "del 2; add 2; del 3; add 3")]              // 1 deleted and added again: 2, 3 follow it
    [InlineData("mh", "1 2 3", "2 3 1", "del 3; add 3")]                            // 1, 2 kept though 3 lies between
    [InlineData("mh", "1 2 3", "3 1 2", "del 2; add 2; del 3; add 3")]              // 2 older than 1: 2 and 3 move
    [InlineData("mh", "1 2 3", "3 2", "add 1; del 2; add 2; del 3; add 3")]          // a new lowest address: all after it move
    [InlineData("mh", "1 2 3", "2 1", "add 3")]                                     // a new highest address: appended, as fresh
    [InlineData("mh", "1 2 3", "3 4 2 1", "drain 4")]                               // a draining one in between stays
    [InlineData("mh", "1 3", "1 3 2", "del 3; add 3; drain 2")]                     // 2 drained in place, 3 moves after 1
    [InlineData("rr", "1 2 3", "1 3 2", "")]                                        // only mh's table depends on the order
    [InlineData("wrr", "1 2 3", "3 2", "add 1")]
    public void The_plan_moves_the_fewest_destinations(string scheduler, string wanted, string listed, string expected)
    {
        var (plan, after) = PlanAndApply(scheduler, wanted, KernelService(new IpvsService(Web, scheduler), Parse(listed)));

        Assert.Equal(expected, string.Join("; ", plan.Operations.Select(Short)));
        if (scheduler == "mh")
            Assert.Equal(Parse(wanted).Select(d => d.Key).Reverse(), after.Services[Web].Order.Where(Parse(wanted).Select(d => d.Key).Contains));
    }

    [Fact]
    public void A_moved_destination_comes_back_with_its_wanted_settings()
    {
        var kernel = KernelService(new IpvsService(Web, "mh"), Rs("1"), Rs("3", weight: 0), Rs("2"));
        var desired = Desired(Service(Web, "mh", Rs("1"), Rs("2"), Rs("3", weight: 5)));
        var observed = ObservedState.Empty with { Services = ImmutableDictionary<ServiceKey, ObservedService>.Empty.Add(Web, kernel) };

        var plan = Planner.Plan(desired, observed, OwnsWeb, T0, DrainPolicy.Default);

        Assert.Equal([new DeleteDestination(Web, Rs("2").Key), new AddDestination(Web, Rs("2")),
                      new DeleteDestination(Web, Rs("3").Key), new AddDestination(Web, Rs("3", weight: 5))], plan.Operations);
    }

    [Fact]
    public void A_kernel_whose_order_is_not_known_is_left_in_its_order()
    {
        var kernel = KernelService(new IpvsService(Web, "mh"), Rs("1"), Rs("3"), Rs("2")) with { Order = [] };
        var (plan, _) = PlanAndApply("mh", "1 2 3", kernel);
        Assert.True(plan.IsEmpty);
    }

    [Fact]
    public void A_new_mh_service_is_listed_in_the_order_the_next_cycle_wants()
    {
        var desired = Desired(Service(Web, "mh", Rs("3"), Rs("1"), Rs("2")));
        var plan = Planner.Plan(desired, ObservedState.Empty, OwnedState.Empty, T0, DrainPolicy.Default);
        var (kernel, owned) = KernelSimulator.Apply(ObservedState.Empty, OwnedState.Empty, plan, T0);

        Assert.Equal(Parse("3 2 1").Select(d => d.Key), kernel.Services[Web].Order);
        Assert.True(Planner.Plan(desired, kernel, owned, T0, DrainPolicy.Default).IsEmpty);
    }
}
