using LvsOperator.Core.Resources;

namespace LvsOperator.Agent.Tests;

/// <summary>Each slice decoded once per spec, and the node keeping a slice's last good share (issue 14).</summary>
public sealed class SliceDecodesTests
{
    private static NodeSlice Slice(string name, string vip, long generation, string uid = "uid-1") => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = "demo", Uid = uid, Generation = generation },
        Spec = new NodeSliceSpec
        {
            NodeName = "director-a",
            VirtualService = name,
            Services = [new SliceService { Protocol = Protocol.Tcp, Address = vip, Port = 80, Scheduler = "rr" }],
            Addresses = [new SliceAddress { Interface = "lvs0", Address = vip }],
        },
    };

    [Fact]
    public void A_slice_of_the_same_generation_is_not_decoded_again_and_a_new_generation_or_uid_is()
    {
        var decodes = new SliceDecodes();
        var first = decodes.Refresh([Slice("web", "192.0.2.1", 1)]).Single();

        var echo = decodes.Refresh([Slice("web", "192.0.2.1", 1) with { Status = new NodeSliceStatus { ObservedGeneration = 1 } }]).Single();
        var edited = decodes.Refresh([Slice("web", "192.0.2.9", 2)]).Single();
        var recreated = decodes.Refresh([Slice("web", "192.0.2.7", 2, uid: "uid-2")]).Single();

        Assert.Same(first.Share, echo.Share);
        Assert.NotNull(echo.Slice.Status); // the slice as it is now, with the share decoded before
        Assert.Equal("192.0.2.9", edited.Share.Addresses.Single().Address.ToString());
        Assert.Equal("192.0.2.7", recreated.Share.Addresses.Single().Address.ToString());
    }

    [Fact]
    public void An_edit_that_does_not_decode_is_reported_invalid_while_the_node_keeps_the_last_good_share()
    {
        var decodes = new SliceDecodes();
        decodes.Refresh([Slice("web", "192.0.2.1", 1)]);

        var slices = decodes.Refresh([Slice("web", "not-an-address", 2), Slice("api", "also-not-one", 1)]);
        var problems = new List<string>();
        var node = decodes.Merge(slices, problems);

        Assert.All(slices, s => Assert.NotNull(s.Invalid));
        Assert.Equal(["192.0.2.1"], node.Addresses.Select(a => a.Address.ToString()));
        Assert.Equal("NodeSlice demo/api: ", Assert.Single(problems)[..20]);
    }

    [Fact]
    public void A_deleted_slice_is_forgotten_with_its_last_good_share()
    {
        var decodes = new SliceDecodes();
        decodes.Refresh([Slice("web", "192.0.2.1", 1)]);
        decodes.Refresh([]);

        var slices = decodes.Refresh([Slice("web", "not-an-address", 1, uid: "uid-2")]);
        var problems = new List<string>();

        Assert.Empty(decodes.Merge(slices, problems).Addresses);
        Assert.Single(problems);
    }
}
