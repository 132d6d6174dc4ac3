using System.Net;
using LvsOperator.Core.Compilation;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Resources;
using LvsOperator.Core.Validation;
using static LvsOperator.Core.Tests.Make;

namespace LvsOperator.Core.Tests;

/// <summary>Issue 17: what active/active VirtualServices compile to on each director.</summary>
public sealed class ActiveActiveCompilerTests
{
    private static readonly DateTimeOffset Older = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly BgpPeer RouterV4 = new() { Address = "192.0.2.1", Asn = 64500, HoldTime = "9s", Bfd = true };
    private static readonly BgpPeer RouterV6 = new() { Address = "2001:db8::1", Asn = 64500, NodeSelector = new Dictionary<string, string> { ["zone"] = "a" } };

    private static VirtualServiceSpec Spec(params BgpPeer[] peers) => SeedSpec with
    {
        Addresses = ["192.0.2.120", "2001:db8::120"],
        Scheduler = new Scheduler { Name = "mh" },
        Persistence = null,
        ActiveActive = new ActiveActive
        {
            Bgp = new Bgp { LocalAsn = 64512, Peers = peers, Communities = ["64512:200", "64512:100"], LocalPreference = 300 },
        },
    };

    private static readonly NodeInfo[] Directors = [Node("director-a", ("zone", "a")), Node("director-b", ("zone", "b")), Node("director-c", ("zone", "a"))];

    private static CompiledState Compile(IEnumerable<RealServer> realServers, params VirtualService[] services) =>
        Compiler.Compile(Snapshot(services, realServers, null, Directors), new CompilerOptions());

    private static CompiledState Compile(params VirtualService[] services) => Compile(SeedRealServers, services);

    [Fact]
    public void Every_director_programs_the_same_mh_service_with_the_same_destinations_in_the_same_order()
    {
        var compiled = Compile(Vs("web", Spec(RouterV4)));

        Assert.Empty(compiled.Findings);
        var services = Directors.Select(d => compiled.ForNode(d.Name).Services.Values.ToList()).ToList();
        Assert.All(services, s => Assert.Equal(2, s.Count));
        Assert.All(services.SelectMany(s => s), s => Assert.Equal("mh", s.Service.Scheduler));
        foreach (var other in services.Skip(1))
        {
            Assert.Equal(services[0].Select(s => s.Service), other.Select(s => s.Service));
            Assert.Equal(services[0].Select(s => s.Destinations.Values.ToList()), other.Select(s => s.Destinations.Values.ToList()));
        }

        Assert.Equal(["198.18.0.102", "198.18.0.103", "198.18.0.104"], services[0][0].Destinations.Values.Select(d => d.Key.Address.ToString()));
        Assert.Equal([2, 1, 1], services[0][0].Destinations.Values.Select(d => d.Weight));
        Assert.All(Directors, d => Assert.Equal(["192.0.2.120", "2001:db8::120"], compiled.ForNode(d.Name).Addresses.Select(a => a.Address.ToString())));
    }

    [Fact]
    public void Directors_set_sloppy_tcp_and_sctp_and_nothing_else_does()
    {
        var compiled = Compile(Vs("web", Spec(RouterV4)), Vs("plain", SeedSpec with { Addresses = ["192.0.2.121"] }));

        Assert.All(Directors, d =>
        {
            var sysctls = compiled.ForNode(d.Name).Sysctls;
            Assert.Equal("1", sysctls["net.ipv4.vs.sloppy_tcp"]);
            Assert.Equal("1", sysctls["net.ipv4.vs.sloppy_sctp"]);
        });
        Assert.DoesNotContain("net.ipv4.vs.sloppy_tcp", compiled.ForNode("node-102").Sysctls.Keys);
        Assert.True(compiled.ForNode("node-102").Bgp.IsEmpty);

        var vrrpOnly = Compile(Vs("plain", SeedSpec));
        Assert.DoesNotContain("net.ipv4.vs.sloppy_tcp", vrrpOnly.ForNode("director-a").Sysctls.Keys);
    }

    [Fact]
    public void Each_vip_goes_to_the_peers_of_its_family_that_select_the_director_with_the_services_attributes()
    {
        var compiled = Compile(Vs("web", Spec(RouterV6, RouterV4)));

        var a = compiled.ForNode("director-a").Bgp;
        Assert.Equal(["192.0.2.1", "2001:db8::1"], a.Sessions.Keys.Select(k => k.ToString()));
        Assert.Equal(new BgpSession(IPAddress.Parse("192.0.2.1"), 64500, 64512, 9, true, null), a.Sessions[IPAddress.Parse("192.0.2.1")]);
        Assert.Equal(90, a.Sessions[IPAddress.Parse("2001:db8::1")].HoldTimeSeconds);
        var v4 = a.Routes[IPAddress.Parse("192.0.2.120")];
        Assert.Equal(["192.0.2.1"], v4.Peers.Select(p => p.ToString()));
        Assert.Equal(["64512:100", "64512:200"], v4.Communities);
        Assert.Equal(300, v4.LocalPreference);
        Assert.Equal(["2001:db8::1"], a.Routes[IPAddress.Parse("2001:db8::120")].Peers.Select(p => p.ToString()));

        // director-b is outside the IPv6 peer's node selector: no session, so no route for the IPv6 VIP.
        var b = compiled.ForNode("director-b").Bgp;
        Assert.Equal(["192.0.2.1"], b.Sessions.Keys.Select(k => k.ToString()));
        Assert.Equal(["192.0.2.120"], b.Routes.Keys.Select(k => k.ToString()));
        Assert.Equal(a, compiled.ForNode("director-c").Bgp);
    }

    [Fact]
    public void The_same_intent_comes_out_whatever_order_the_resources_came_in()
    {
        var web = Vs("web", Spec(RouterV4, RouterV6), Older);
        var api = Vs("api", Spec(RouterV4) with { Port = 443 }, Older.AddDays(1));
        var one = Compile(web, api);
        var other = Compile(SeedRealServers.Reverse(), api, web);

        Assert.All(Directors, d => Assert.Equal(one.ForNode(d.Name).Bgp, other.ForNode(d.Name).Bgp));
        Assert.All(Directors, d => Assert.Equal(
            one.ForNode(d.Name).Services.Values.SelectMany(s => s.Destinations.Values), other.ForNode(d.Name).Services.Values.SelectMany(s => s.Destinations.Values)));
    }

    [Fact]
    public void A_vip_of_two_services_is_one_route_to_the_peers_of_both()
    {
        var other = new BgpPeer { Address = "192.0.2.2", Asn = 64501 };
        var compiled = Compile(Vs("web", Spec(RouterV4), Older), Vs("api", Spec(other) with { Port = 443 }, Older.AddDays(1)));

        Assert.Empty(compiled.Findings);
        var route = compiled.ForNode("director-b").Bgp.Routes[IPAddress.Parse("192.0.2.120")];
        Assert.Equal(["192.0.2.1", "192.0.2.2"], route.Peers.Select(p => p.ToString()));
    }

    [Fact]
    public void A_peer_defined_twice_with_other_settings_runs_with_the_older_ones_and_the_newer_gets_a_finding()
    {
        var compiled = Compile(
            Vs("web", Spec(RouterV4), Older),
            Vs("api", Spec(RouterV4 with { Asn = 64999 }) with { Addresses = ["192.0.2.121"] }, Older.AddDays(1)));

        var finding = Assert.Single(compiled.Findings);
        Assert.Equal(("api", "spec.activeActive.bgp.peers[0]"), (finding.Resource.Name, finding.Error.Field));
        Assert.StartsWith(Messages.BgpPeerConflict, finding.Error.Message, StringComparison.Ordinal);
        Assert.Equal(64500, compiled.ForNode("director-a").Bgp.Sessions[IPAddress.Parse("192.0.2.1")].PeerAsn);
        Assert.Equal(["192.0.2.120", "192.0.2.121"], compiled.ForNode("director-a").Bgp.Routes.Keys.Select(k => k.ToString()));
    }

    [Fact]
    public void A_vip_that_another_service_holds_with_vrrp_refuses_the_active_active_one()
    {
        var compiled = Compile(
            Vs("web", Spec(RouterV4) with { Addresses = ["192.0.2.120"] }),
            Vs("vrrp", SeedSpec with { Port = 443, Failover = new Failover { VirtualRouterId = 51 } }));

        var finding = Assert.Single(compiled.Findings);
        Assert.Equal(("web", "spec.addresses[0]", Messages.ActiveActiveVipHeldByVrrp), (finding.Resource.Name, finding.Error.Field, finding.Error.Message));
        Assert.Equal(Rejection.Invalid, compiled.VirtualServices.Single(v => v.Key.Name == "web").Value.Rejected);
        Assert.True(compiled.ForNode("director-a").Bgp.IsEmpty);
    }

    [Fact]
    public void A_real_server_asking_for_nat_is_left_out_with_a_problem()
    {
        var nat = Rs("rs-nat", new RealServerSpec { Address = "198.18.0.105", Forwarding = new Forwarding { Method = ForwardingMethod.Masquerade } });
        var compiled = Compile([.. SeedRealServers, nat], Vs("web", Spec(RouterV4)));

        var outcome = compiled.VirtualServices.Values.Single();
        var problem = Assert.Single(outcome.Problems);
        Assert.Equal(Problem.NatRealServer, problem.Reason);
        Assert.Contains(Messages.ActiveActiveRealServerNat, problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(compiled.ForNode("director-a").Services.Values.SelectMany(s => s.Destinations.Keys), d => d.Address.ToString() == "198.18.0.105");
    }

    [Fact]
    public void A_cordoned_or_excluded_director_keeps_its_sessions_and_ipvs_but_announces_no_vip()
    {
        var vs = Vs("web", Spec(RouterV4));
        NodeInfo[] nodes = [Directors[0] with { Unschedulable = true }, Node("director-b", ("zone", "b"), (NodeInfo.ExcludeFromLoadBalancers, "")), Directors[2]];
        var compiled = Compiler.Compile(Snapshot([vs], SeedRealServers, null, nodes), new CompilerOptions());

        foreach (var drained in new[] { "director-a", "director-b" })
        {
            var state = compiled.ForNode(drained);
            Assert.Equal(["192.0.2.1"], state.Bgp.Sessions.Keys.Select(k => k.ToString()));
            Assert.Empty(state.Bgp.Routes);
            Assert.Equal(compiled.ForNode("director-c").Services, state.Services); // connections it has still flow
        }

        Assert.Equal(["192.0.2.120"], compiled.ForNode("director-c").Bgp.Routes.Keys.Select(k => k.ToString()));
        // The incremental compiler agrees, and a cordon alone (no label or address change) recompiles the service.
        var incremental = Core.Compilation.Incremental.IncrementalCompiler.From(Snapshot([vs], SeedRealServers, null, Directors), new CompilerOptions());
        incremental.SetNode(Directors[0] with { Unschedulable = true });
        incremental.Compile();
        Assert.Empty(incremental.State.ForNode("director-a").Bgp.Routes);
        Assert.NotEmpty(incremental.State.ForNode("director-c").Bgp.Routes);
    }
}
