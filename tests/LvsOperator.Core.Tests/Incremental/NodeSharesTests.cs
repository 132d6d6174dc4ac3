using System.Collections.Immutable;
using LvsOperator.Core.Compilation;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Resources;
using static LvsOperator.Core.Tests.States;

namespace LvsOperator.Core.Tests.Incremental;

public sealed class NodeSharesTests
{
    private static readonly ResourceRef A = new(ResourceKinds.VirtualService, "ns", "a");
    private static readonly ResourceRef B = new(ResourceKinds.VirtualService, "ns", "b");
    private static readonly VirtualAddressKey Web = Tcp("192.0.2.1", 80);
    private static readonly VirtualAddressKey Api = Tcp("192.0.2.2", 80);

    private static NodeDesiredState Share(string link, params DesiredService[] services) => Desired(services) with
    {
        Addresses = [.. services.Select(s => Vip(((VirtualAddressKey)s.Service.Key).Address.ToString()))],
        Links = ImmutableSortedDictionary<string, LinkKind>.Empty.WithComparers(StringComparer.Ordinal).Add("lvs0", link == "dummy" ? LinkKind.Dummy : LinkKind.Existing),
    };

    private static CompiledState Compiled(params (ResourceRef Self, NodeDesiredState Share)[] shares) => new(
        ImmutableSortedDictionary<ResourceRef, VirtualServiceOutcome>.Empty,
        shares.ToImmutableSortedDictionary(s => s.Self, s => ImmutableSortedDictionary<string, NodeDesiredState>.Empty.Add("n1", s.Share)),
        []);

    [Fact]
    public void A_change_of_one_share_merges_only_its_keys_and_keeps_every_other_part()
    {
        var web = Service(Web, "rr", Dest("198.18.0.1", 80));
        var api = Service(Api, "rr", Dest("198.18.0.2", 80));
        var first = Compiled((A, Share("dummy", web)), (B, Share("dummy", api)));
        var shares = NodeShares.From(first, "n1");
        var before = shares.State;

        var edited = Service(Web, "rr", Dest("198.18.0.1", 80, weight: 5));
        var moved = shares.Update(Compiled((A, Share("dummy", edited)), (B, Share("dummy", api))), [A]);

        Assert.Equal([Web], moved);
        Assert.Same(edited, shares.State.Services[Web]);
        Assert.Same(before.Services[Api], shares.State.Services[Api]);
        Assert.Same(before.Addresses, shares.State.Addresses);
        Assert.Same(before.Links, shares.State.Links);
        Assert.Equal([Web], DesiredChanges.ChangedServices(before, shares.State));
        var copy = before with { Services = ImmutableSortedDictionary.CreateRange(before.Services) }; // no record: a walk
        Assert.Equal([Web], DesiredChanges.ChangedServices(copy, shares.State));
        Assert.True(DesiredChanges.SameBeyondServices(before, shares.State));
    }

    [Fact]
    public void A_service_in_parts_merges_its_holders_in_name_order_and_a_removed_share_takes_only_its_part()
    {
        var part1 = Service(Web, "rr", Dest("198.18.0.1", 80));
        var part2 = Service(Web, "rr", Dest("198.18.0.2", 80), Dest("198.18.0.1", 80, weight: 3));
        var both = Compiled((A, Share("dummy", part1)), (B, Share("existing", part2)));
        var shares = NodeShares.From(both, "n1");

        Assert.Equal(NodeSharesProperties.Describe(both.ForNode("n1")), NodeSharesProperties.Describe(shares.State));
        Assert.Equal(3, shares.State.Services[Web].Destinations[Dest("198.18.0.1", 80).Key].Weight); // b's part wins
        Assert.Equal(LinkKind.Existing, shares.State.Links["lvs0"]);

        var onlyA = Compiled((A, Share("dummy", part1)));
        shares.Update(onlyA, [B]);
        Assert.Equal(NodeSharesProperties.Describe(onlyA.ForNode("n1")), NodeSharesProperties.Describe(shares.State));
        Assert.Equal(LinkKind.Dummy, shares.State.Links["lvs0"]);

        shares.Update(Compiled(), [A]);
        Assert.Equal(NodeSharesProperties.Describe(NodeDesiredState.Empty), NodeSharesProperties.Describe(shares.State));
    }
}
