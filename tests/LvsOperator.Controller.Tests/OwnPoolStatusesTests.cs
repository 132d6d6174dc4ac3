using LvsOperator.Controller.LoadBalancing;
using LvsOperator.Core.Resources;

namespace LvsOperator.Controller.Tests;

public sealed class OwnPoolStatusesTests
{
    private static readonly AddressPoolStatus Generation1 = new() { ObservedGeneration = 1 };
    private static readonly AddressPoolStatus Written = new() { ObservedGeneration = 2, Assigned = 1 };

    private static AddressPool Pool(long generation, AddressPoolStatus? status, string uid = "u1") =>
        new() { Metadata = new ObjectMeta { Name = "pool", Uid = uid, Generation = generation }, Status = status };

    [Fact]
    public void A_status_written_for_the_current_generation_stands_in_until_the_cache_has_one_for_it()
    {
        var own = new OwnPoolStatuses();
        own.Written("pool", "u1", Written);

        Assert.Same(Written, own.Newest(Pool(2, Generation1)).Status);
        Assert.Same(Written, own.Newest(Pool(2, null)).Status);
    }

    [Fact]
    public void The_cache_wins_once_it_holds_a_status_for_the_generation_or_the_pool_moved_on()
    {
        var own = new OwnPoolStatuses();
        own.Written("pool", "u1", Written);
        var echoed = new AddressPoolStatus { ObservedGeneration = 2, Assigned = 3 };

        Assert.Same(echoed, own.Newest(Pool(2, echoed)).Status);
        Assert.Same(Generation1, own.Newest(Pool(3, Generation1)).Status);
        Assert.Same(Generation1, own.Newest(Pool(2, Generation1, uid: "u2")).Status);
        Assert.Same(Generation1, new OwnPoolStatuses().Newest(Pool(2, Generation1)).Status);
    }
}
