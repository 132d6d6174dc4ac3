using System.Collections.Immutable;
using System.Net;
using LvsOperator.Core.Kernel;
using LvsOperator.Node.Bgp;

namespace LvsOperator.Node.Tests.Bgp;

public sealed class FrrConfigTests
{
    private static readonly BgpPasswordRef Secret = new("edge", "bgp", "pw");
    private static readonly IPAddress V4Peer = IPAddress.Parse("192.0.2.1");
    private static readonly IPAddress V6Peer = IPAddress.Parse("2001:db8::1");

    private static BgpAnnouncement Intent(BgpPasswordRef? password = null) => new(
        new[]
        {
            new BgpSession(V6Peer, 64500, 4200000000, 0, false, null),
            new BgpSession(V4Peer, 64500, 64512, 9, true, password ?? Secret),
        }.ToImmutableSortedDictionary(s => s.Peer, s => s, BgpAnnouncement.Addresses),
        new[]
        {
            new BgpRoute(IPAddress.Parse("192.0.2.121"), BgpRoute.PeerSet([V4Peer]), [], null),
            new BgpRoute(IPAddress.Parse("192.0.2.120"), BgpRoute.PeerSet([V4Peer]), ["64512:100", "64512:200"], 300),
            new BgpRoute(IPAddress.Parse("2001:db8::120"), BgpRoute.PeerSet([V6Peer]), ["64512:100"], null),
        }.ToImmutableSortedDictionary(r => r.Vip, r => r, BgpAnnouncement.Addresses));

    private static FrrRenderOptions Options(bool serving = true) =>
        new(IPAddress.Parse("198.18.0.21"), new Dictionary<BgpPasswordRef, string> { [Secret] = "s3cret!" }, serving);

    [Fact]
    public void A_serving_director_announces_each_vip_to_its_peers_only_with_its_attributes()
    {
        var rendering = FrrConfig.Render(Intent(), Options());

        Assert.Empty(rendering.Problems);
        Assert.Equal(
            """
            ! Rendered by the LvsOperator agent from its NodeSlices (issue 17); the next change overwrites edits.
            frr defaults traditional
            !
            bfd
             profile lvs
              receive-interval 100
              transmit-interval 100
              detect-multiplier 3
             exit
            exit
            !
            ip prefix-list lvs-to-192-0-2-1 seq 5 permit 192.0.2.120/32
            ip prefix-list lvs-to-192-0-2-1 seq 10 permit 192.0.2.121/32
            ipv6 prefix-list lvs-to-2001-db8--1 seq 5 permit 2001:db8::120/128
            !
            route-map lvs-deny deny 10
            exit
            !
            route-map lvs-to-192-0-2-1 permit 10
             match ip address prefix-list lvs-to-192-0-2-1
            exit
            !
            route-map lvs-to-2001-db8--1 permit 10
             match ipv6 address prefix-list lvs-to-2001-db8--1
            exit
            !
            route-map lvs-vip-192-0-2-120 permit 10
             set community 64512:100 64512:200
             set local-preference 300
            exit
            !
            route-map lvs-vip-2001-db8--120 permit 10
             set community 64512:100
            exit
            !
            router bgp 64512
             bgp router-id 198.18.0.21
             no bgp ebgp-requires-policy
             no bgp default ipv4-unicast
             no bgp network import-check
             neighbor 192.0.2.1 remote-as 64500
             neighbor 192.0.2.1 description lvs-operator 9997bd722b9dfece
             neighbor 192.0.2.1 timers 3 9
             neighbor 192.0.2.1 password s3cret!
             neighbor 192.0.2.1 bfd profile lvs
             neighbor 2001:db8::1 remote-as 64500
             neighbor 2001:db8::1 local-as 4200000000 no-prepend replace-as
             neighbor 2001:db8::1 timers 0 0
             !
             address-family ipv4 unicast
              network 192.0.2.120/32 route-map lvs-vip-192-0-2-120
              network 192.0.2.121/32
              neighbor 192.0.2.1 activate
              neighbor 192.0.2.1 route-map lvs-deny in
              neighbor 192.0.2.1 route-map lvs-to-192-0-2-1 out
             exit-address-family
             !
             address-family ipv6 unicast
              network 2001:db8::120/128 route-map lvs-vip-2001-db8--120
              neighbor 2001:db8::1 activate
              neighbor 2001:db8::1 route-map lvs-deny in
              neighbor 2001:db8::1 route-map lvs-to-2001-db8--1 out
             exit-address-family
            exit
            !

            """.ReplaceLineEndings("\n"),
            rendering.Text);
        // The digest of the text without its own line, which bgpd's running configuration keeps (a restart loses it).
        Assert.Equal(" neighbor 192.0.2.1 description lvs-operator 9997bd722b9dfece", rendering.Marker);
    }

    [Fact]
    public void The_marker_follows_the_configuration_so_a_stale_one_is_never_taken_for_the_current()
    {
        var serving = FrrConfig.Render(Intent(), Options());
        var withdrawn = FrrConfig.Render(Intent(), Options(serving: false));

        Assert.NotEqual(serving.Marker, withdrawn.Marker);
        Assert.Contains(withdrawn.Marker + "\n", withdrawn.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_director_that_stops_serving_keeps_its_sessions_and_withdraws_every_vip()
    {
        var text = FrrConfig.Render(Intent(), Options(serving: false)).Text;

        Assert.DoesNotContain("  network ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("prefix-list", text, StringComparison.Ordinal);
        Assert.Contains(" neighbor 192.0.2.1 remote-as 64500\n", text, StringComparison.Ordinal);
        Assert.Contains("  neighbor 192.0.2.1 route-map lvs-deny out\n", text, StringComparison.Ordinal);
        Assert.Contains("  neighbor 2001:db8::1 route-map lvs-deny out\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing", "not found")]
    [InlineData("has space", "printable ASCII")]
    public void A_session_whose_password_cannot_be_used_is_left_out_with_its_routes(string password, string why)
    {
        var other = new BgpPasswordRef("edge", "other", "pw");
        var passwords = new Dictionary<BgpPasswordRef, string> { [Secret] = "s3cret!" };
        if (password != "missing") passwords[other] = password;

        var rendering = FrrConfig.Render(Intent(other), Options() with { Passwords = passwords });

        Assert.Contains(why, Assert.Single(rendering.Problems), StringComparison.Ordinal);
        Assert.DoesNotContain("192.0.2.1 ", rendering.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("192.0.2.120/32", rendering.Text, StringComparison.Ordinal);
        Assert.Contains("router bgp 4200000000\n", rendering.Text, StringComparison.Ordinal);
        Assert.Contains("network 2001:db8::120/128", rendering.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void No_sessions_render_no_router_so_a_reload_removes_the_old_one()
    {
        var rendering = FrrConfig.Render(BgpAnnouncement.Empty, Options());
        var text = rendering.Text;

        Assert.Null(rendering.Marker);
        Assert.Equal("! Rendered by the LvsOperator agent from its NodeSlices (issue 17); the next change overwrites edits.\nfrr defaults traditional\n!\n", text);
    }
}
