using System.Net;
using LvsOperator.Core.Compilation;
using LvsOperator.Core.Control;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Publishing;
using LvsOperator.Core.Resources;
using static LvsOperator.Core.Tests.Make;

namespace LvsOperator.Core.Tests.Control;

/// <summary>Issue 17: an active/active director's BGP intent through its NodeSlice, and what the agent refuses of one.</summary>
public sealed class BgpSliceTests
{
    private static readonly VirtualServiceSpec Spec = SeedSpec with
    {
        Addresses = ["192.0.2.120", "2001:db8::120"],
        Scheduler = new Scheduler { Name = "mh" },
        Persistence = null,
        ActiveActive = new ActiveActive
        {
            Bgp = new Bgp
            {
                LocalAsn = 4200000000, Communities = ["64512:100"], LocalPreference = 4294967295,
                Peers =
                [
                    new BgpPeer { Address = "192.0.2.1", Asn = 64500, HoldTime = "3s", Bfd = true, PasswordSecretRef = new SecretKeyReference { Name = "bgp", Key = "pw" } },
                    new BgpPeer { Address = "2001:db8::1", Asn = 64500, HoldTime = "0s" },
                ],
            },
        },
    };

    private static List<NodeSlice> Slices(NodeDesiredState state, string ns = "edge") =>
        NodeSliceCodec.Encode("web", "director", state)
            .Select(d => new NodeSlice { Metadata = new ObjectMeta { Name = d.Name, Namespace = ns }, Spec = d.Spec }).ToList();

    private static NodeDesiredState Compiled() => Compiler.Compile(
        Snapshot([Vs("web", Spec, ns: "edge")], SeedRealServers, null, Node("director")), new CompilerOptions()).ForNode("director");

    [Fact]
    public void A_directors_sessions_and_routes_come_back_unchanged_from_its_slices_with_the_password_in_the_slices_namespace()
    {
        var state = Compiled();
        var slices = Slices(state);
        var problems = new List<string>();
        var decoded = NodeSliceCodec.Decode(slices, problems);

        Assert.Empty(problems);
        Assert.Equal(state.Bgp, decoded.Bgp);
        Assert.Equal(new BgpPasswordRef("edge", "bgp", "pw"), decoded.Bgp.Sessions[IPAddress.Parse("192.0.2.1")].Password);
        var peer = slices[0].Spec.Bgp!.Peers[0];
        Assert.Equal(("192.0.2.1", 64500L, 4200000000L, 3, true), (peer.Address, peer.Asn, peer.LocalAsn, peer.HoldTimeSeconds, peer.Bfd));
        Assert.Equal(state.Sysctls, decoded.Sysctls);
        Assert.True(SliceState.SameSpec(slices[0].Spec, Slices(Compiled())[0].Spec));
    }

    [Fact]
    public void A_slice_without_active_active_carries_no_bgp()
    {
        var state = Compiler.Compile(Snapshot([Vs("web", SeedSpec)], SeedRealServers, null, Node("director")), new CompilerOptions()).ForNode("director");

        Assert.Null(Slices(state)[0].Spec.Bgp);
    }

    [Theory]
    [InlineData("198.18.0.9", "192.0.2.1", "is not the address of a service of this slice")]
    [InlineData("192.0.2.120", "192.0.2.77", "is not one of the slice's peers")]
    public void A_slice_that_would_announce_a_foreign_prefix_or_to_a_stranger_is_left_out_whole(string route, string peer, string why)
    {
        var slice = Slices(Compiled())[0];
        var bgp = slice.Spec.Bgp! with { Routes = [new SliceBgpRoute { Address = route, Peers = [peer] }] };
        var problems = new List<string>();

        var decoded = NodeSliceCodec.Decode([slice with { Spec = slice.Spec with { Bgp = bgp } }], problems);

        Assert.Contains(why, Assert.Single(problems), StringComparison.Ordinal);
        Assert.Empty(decoded.Services);
    }

    [Fact]
    public void A_slice_naming_one_peer_twice_in_two_spellings_is_left_out_whole()
    {
        var slice = Slices(Compiled())[0];
        var twice = slice.Spec.Bgp! with { Peers = [.. slice.Spec.Bgp!.Peers, slice.Spec.Bgp.Peers[1] with { Address = "2001:db8:0::1" }] };
        var problems = new List<string>();

        NodeSliceCodec.Decode([slice with { Spec = slice.Spec with { Bgp = twice } }], problems);

        Assert.Contains("listed more than once", Assert.Single(problems), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1:1\nrouter bgp 1", -1, 3, "a community is ASN:VALUE")]
    [InlineData("1:1", 0, 3, "an AS number is out of range")]
    [InlineData("1:1", 64500, 2, "holdTime must be 0s or 3s")]
    public void A_slice_field_that_would_reach_the_daemons_configuration_out_of_range_is_left_out_whole(string community, long asn, int hold, string why)
    {
        var slice = Slices(Compiled())[0];
        var bgp = slice.Spec.Bgp!;
        var peers = bgp.Peers.Select(p => p with { Asn = asn < 0 ? p.Asn : asn, HoldTimeSeconds = hold }).ToList();
        var routes = bgp.Routes.Select(r => r with { Communities = [community] }).ToList();
        var problems = new List<string>();

        NodeSliceCodec.Decode([slice with { Spec = slice.Spec with { Bgp = bgp with { Peers = peers, Routes = routes } } }], problems);

        Assert.Contains(why, Assert.Single(problems), StringComparison.Ordinal);
    }
}
