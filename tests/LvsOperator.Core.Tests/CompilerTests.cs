using System.Net;
using LvsOperator.Core.Compilation;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Resources;
using LvsOperator.Core.Validation;
using static LvsOperator.Core.Tests.Make;

namespace LvsOperator.Core.Tests;

public sealed class CompilerTests
{
    private static CompiledState Compile(ClusterSnapshot snapshot) => Compiler.Compile(snapshot, new CompilerOptions());

    [Fact]
    public void The_seed_dr_scenario_becomes_its_ipvsadm_rules_and_prepared_real_servers()
    {
        var compiled = Compile(Snapshot([Vs("web", SeedSpec)], SeedRealServers));

        Assert.Empty(compiled.Findings);
        Assert.Equal(
        [
            "-A -t 192.0.2.120:10087 -s wrr -p 60",
            "-a -t 192.0.2.120:10087 -r 198.18.0.102:10087 -g -w 2",
            "-a -t 192.0.2.120:10087 -r 198.18.0.103:10087 -g -w 1",
            "-a -t 192.0.2.120:10087 -r 198.18.0.104:10087 -g -w 1",
        ], IpvsadmRules.Format(compiled.ForNode("director").Services.Values));

        var director = compiled.ForNode("director");
        Assert.Equal([States.Vip("192.0.2.120")], director.Addresses);
        Assert.Equal(LinkKind.Dummy, director.Links["lvs0"]);
        // DR: the director forwards nothing back, so ip_forward stays as it is; drained and deleted real servers
        // lose their persistence templates and connection entries at once.
        Assert.Equal(
            [("net.ipv4.vs.expire_nodest_conn", "1"), ("net.ipv4.vs.expire_quiescent_template", "1")],
            director.Sysctls.Select(s => (s.Key, s.Value)));

        var realServer = compiled.ForNode("node-102");
        Assert.Equal([States.Vip("192.0.2.120", "lo")], realServer.Addresses);
        Assert.Equal("1", realServer.Sysctls["net.ipv4.conf.all.arp_ignore"]);
        Assert.Equal("2", realServer.Sysctls["net.ipv4.conf.all.arp_announce"]);
        Assert.Equal("1", realServer.Sysctls["net.ipv4.conf.lo.arp_ignore"]);
        Assert.Equal("2", realServer.Sysctls["net.ipv4.conf.lo.arp_announce"]);
        Assert.Empty(realServer.Services);

        var outcome = compiled.VirtualServices[new ResourceRef("VirtualService", "default", "web")];
        Assert.True(outcome.Accepted);
        Assert.Equal((3, 3), (outcome.TotalRealServers, outcome.ReadyRealServers));
    }

    [Fact]
    public void Nat_maps_ports_and_turns_on_forwarding_on_the_director_only()
    {
        var spec = new VirtualServiceSpec
        {
            Addresses = ["192.0.2.80"], Port = 80,
            Forwarding = new Forwarding { Method = ForwardingMethod.Masquerade },
            RealServers = new RealServerSource { Static = [new RealServerSpec { Address = "198.18.0.10", Port = 8080, NodeName = "rs" }] },
        };
        var compiled = Compile(Snapshot([Vs("nat", spec)]));

        Assert.Equal(["-A -t 192.0.2.80:80 -s wlc", "-a -t 192.0.2.80:80 -r 198.18.0.10:8080 -m -w 1"],
            IpvsadmRules.Format(compiled.ForNode("director").Services.Values));
        Assert.Equal("1", compiled.ForNode("director").Sysctls["net.ipv4.ip_forward"]);
        Assert.Same(NodeDesiredState.Empty, compiled.ForNode("rs")); // a NAT real server needs nothing on its node
    }

    [Fact]
    public void Tun_real_servers_get_the_vip_on_tunl0_with_loose_reverse_path_filtering()
    {
        var spec = new VirtualServiceSpec
        {
            Addresses = ["192.0.2.30"], Port = 443, Scheduler = new Scheduler { Name = "mh", Flags = [SchedulerOption.MhPort] },
            Forwarding = new Forwarding { Method = ForwardingMethod.Tunnel, Tunnel = new Tunnel { Type = TunnelType.Gue, Port = 6080 } },
            RealServers = new RealServerSource { Static = [new RealServerSpec { Address = "203.0.113.7", NodeName = "far" }] },
        };
        var compiled = Compile(Snapshot([Vs("tun", spec)]));

        Assert.Equal(["-A -t 192.0.2.30:443 -s mh -b mh-port", "-a -t 192.0.2.30:443 -r 203.0.113.7:443 -i -w 1 --tun-type gue --tun-port 6080 --tun-nocsum"],
            IpvsadmRules.Format(compiled.ForNode("director").Services.Values));
        var far = compiled.ForNode("far");
        Assert.Equal([States.Vip("192.0.2.30", "tunl0")], far.Addresses);
        Assert.Equal(LinkKind.Existing, far.Links["tunl0"]);
        Assert.Equal("0", far.Sysctls["net.ipv4.conf.all.rp_filter"]);
        Assert.Equal("0", far.Sysctls["net.ipv4.conf.tunl0.rp_filter"]);
    }

    [Fact]
    public void Service_endpoints_ready_ones_serve_terminating_ones_drain_the_rest_are_left_out()
    {
        var spec = new VirtualServiceSpec
        {
            Addresses = ["192.0.2.50"], Port = 80, Forwarding = new Forwarding { Method = ForwardingMethod.Masquerade },
            RealServers = new RealServerSource { Service = new ServiceReference { Name = "web", Port = IntOrString.FromString("http"), Weight = 3 } },
        };
        var ports = new Dictionary<string, int> { ["http"] = 8080 };
        var backends = new ServiceBackends("default", "web", [new ServicePortInfo("http", 80, Protocol.Tcp), new ServicePortInfo("metrics", 9090, Protocol.Tcp)],
        [
            new EndpointInfo("198.18.1.1", ports),
            new EndpointInfo("198.18.1.2", ports, Ready: false, Serving: true, Terminating: true),
            new EndpointInfo("198.18.1.3", ports, Ready: false, Serving: false),
            new EndpointInfo("2001:db8::9", ports),
        ]);
        var compiled = Compile(Snapshot([Vs("svc", spec)], services: [backends]));

        Assert.Equal(
        [
            "-A -t 192.0.2.50:80 -s wlc",
            "-a -t 192.0.2.50:80 -r 198.18.1.1:8080 -m -w 3",
            "-a -t 192.0.2.50:80 -r 198.18.1.2:8080 -m -w 0",
        ], IpvsadmRules.Format(compiled.ForNode("director").Services.Values));
        Assert.Empty(compiled.Findings);
        var outcome = compiled.VirtualServices.Values.Single();
        Assert.Equal((2, 1), (outcome.TotalRealServers, outcome.ReadyRealServers));
    }

    [Fact]
    public void A_service_port_given_by_number_means_the_services_port_not_the_target()
    {
        var spec = new VirtualServiceSpec
        {
            Addresses = ["192.0.2.50"], Port = 80, Forwarding = new Forwarding { Method = ForwardingMethod.Masquerade },
            RealServers = new RealServerSource { Service = new ServiceReference { Name = "web", Port = IntOrString.FromNumber(80) } },
        };
        var backends = new ServiceBackends("default", "web", [new ServicePortInfo("http", 80, Protocol.Tcp)],
            [new EndpointInfo("198.18.1.1", new Dictionary<string, int> { ["http"] = 8080 })]);
        var compiled = Compile(Snapshot([Vs("svc", spec)], services: [backends]));
        Assert.Contains("-a -t 192.0.2.50:80 -r 198.18.1.1:8080 -m -w 1", IpvsadmRules.Format(compiled.ForNode("director").Services.Values));
    }

    [Fact]
    public void A_missing_service_or_director_degrades_the_virtual_service_without_failing_it()
    {
        var spec = SeedSpec with
        {
            RealServers = new RealServerSource { Service = new ServiceReference { Name = "absent" } },
            Directors = new DirectorSelection { NodeSelector = new Dictionary<string, string> { ["lvs/director"] = "true" } },
        };
        var outcome = Compile(Snapshot([Vs("web", spec)], nodes: Node("worker"))).VirtualServices.Values.Single();

        Assert.True(outcome.Accepted);
        Assert.Contains("Service default/absent not found", outcome.Problems.Select(p => p.Message));
        Assert.Contains("no node matches spec.directors.nodeSelector", outcome.Problems.Select(p => p.Message));
    }

    [Fact]
    public void A_virtual_service_whose_service_is_missing_puts_nothing_on_any_node_not_even_its_static_servers()
    {
        var spec = SeedSpec with
        {
            RealServers = new RealServerSource
            {
                Service = new ServiceReference { Name = "absent" },
                Static = [new RealServerSpec { Address = "198.18.0.102", NodeName = "node-102" }],
            },
        };
        var compiled = Compile(Snapshot([Vs("web", spec)], nodes: Node("director")));

        var outcome = compiled.VirtualServices.Values.Single();
        Assert.True(outcome.Accepted);
        Assert.Equal([Problem.ServiceNotFound], outcome.Problems.Select(p => p.Reason));
        Assert.Empty(compiled.Fragments.Values.Single());
        Assert.Empty(compiled.ForNode("director").Services);
        Assert.Empty(compiled.ForNode("director").Addresses);
        Assert.Empty(compiled.ForNode("node-102").Addresses);
    }

    [Fact]
    public void Only_selected_nodes_direct_a_virtual_service()
    {
        var spec = SeedSpec with { Directors = new DirectorSelection { NodeSelector = new Dictionary<string, string> { ["zone"] = "a" } } };
        var compiled = Compile(Snapshot([Vs("web", spec)], SeedRealServers, nodes: [Node("d1", ("zone", "a")), Node("d2", ("zone", "b"))]));

        Assert.Single(compiled.ForNode("d1").Services);
        Assert.Empty(compiled.ForNode("d2").Services);
        Assert.Equal(["d1"], compiled.VirtualServices.Values.Single().Directors);
    }

    [Fact]
    public void Of_two_virtual_services_claiming_one_vip_the_older_wins_and_the_other_is_told_why()
    {
        var older = Vs("a-second", SeedSpec, created: States.T0);
        var newer = Vs("b-first", SeedSpec, created: States.T0.AddMinutes(1));
        var compiled = Compile(Snapshot([newer, older], SeedRealServers));

        Assert.True(compiled.VirtualServices[ResourceRef.Of(older)].Accepted);
        Assert.False(compiled.VirtualServices[ResourceRef.Of(newer)].Accepted);
        var finding = Assert.Single(compiled.Findings);
        Assert.Equal(ResourceRef.Of(newer), finding.Resource);
        Assert.Equal("spec.addresses[0]", finding.Error.Field);
        Assert.StartsWith(Messages.VipConflict, finding.Error.Message);
        Assert.Contains("VirtualService default/a-second", finding.Error.Message);
    }

    [Fact]
    public void A_dual_stack_service_gives_each_vip_the_real_servers_of_its_family()
    {
        var spec = SeedSpec with { Addresses = ["192.0.2.120", "2001:db8::120"], Persistence = null };
        var rs = new[]
        {
            Rs("v4", new RealServerSpec { Address = "198.18.0.102" }),
            Rs("v6", new RealServerSpec { Address = "2001:db8:1::102" }),
        };
        var rules = IpvsadmRules.Format(Compile(Snapshot([Vs("web", spec)], rs)).ForNode("director").Services.Values).ToList();

        Assert.Equal(
        [
            "-A -t 192.0.2.120:10087 -s wrr",
            "-a -t 192.0.2.120:10087 -r 198.18.0.102:10087 -g -w 1",
            "-A -t [2001:db8::120]:10087 -s wrr",
            "-a -t [2001:db8::120]:10087 -r [2001:db8:1::102]:10087 -g -w 1",
        ], rules);
    }

    [Theory]
    [InlineData("2001:db8:1::102", null, "spec.address", Messages.FamilyMismatch)]
    [InlineData("192.0.2.120", null, "spec.address", Messages.RealServerIsVip)]
    [InlineData("198.18.0.102", 8080, "spec.port", Messages.PortMappingNeedsNat)]
    public void A_real_server_that_cannot_serve_its_virtual_service_is_skipped_with_a_finding_on_it(string address, int? port, string field, string message)
    {
        var bad = Rs("bad", new RealServerSpec { Address = address, Port = port });
        var compiled = Compile(Snapshot([Vs("web", SeedSpec)], [.. SeedRealServers, bad]));

        var finding = Assert.Single(compiled.Findings);
        Assert.Equal((ResourceRef.Of(bad), field, message), (finding.Resource, finding.Error.Field, finding.Error.Message));
        Assert.Equal(3, compiled.ForNode("director").Services.Values.Single().Destinations.Count);
    }

    [Fact]
    public void Fwmark_services_take_real_servers_without_ports()
    {
        var spec = new VirtualServiceSpec
        {
            FirewallMark = 7, IpFamily = IpFamily.IPv6, Scheduler = new Scheduler { Name = "sh", Flags = [SchedulerOption.ShFallback, SchedulerOption.ShPort] },
            Persistence = new Persistence { TimeoutSeconds = 300, PrefixLength = 64 },
            RealServers = new RealServerSource { Static = [new RealServerSpec { Address = "2001:db8::7" }] },
        };
        Assert.Equal(["-A -f 7 -6 -s sh -b sh-fallback,sh-port -p 300 -M 64", "-a -f 7 -6 -r [2001:db8::7]:0 -g -w 1"],
            IpvsadmRules.Format(Compile(Snapshot([Vs("fwm", spec)])).ForNode("director").Services.Values));
    }

    [Fact]
    public void An_invalid_virtual_service_is_not_programmed_and_reports_every_error()
    {
        var spec = new VirtualServiceSpec { Addresses = ["not-an-ip"], Scheduler = new Scheduler { Name = "fastest" } };
        var compiled = Compile(Snapshot([Vs("broken", spec)]));

        Assert.Empty(compiled.ForNode("director").Services);
        Assert.Equal(
            [Messages.AddressInvalid, Messages.PortRequired, Messages.UnknownScheduler, Messages.RealServerSourceRequired],
            compiled.Findings.Select(f => f.Error.Message));
    }

    [Fact]
    public void Compiling_twice_gives_the_same_state()
    {
        var snapshot = Snapshot([Vs("web", SeedSpec)], SeedRealServers.Reverse());
        var a = Compile(snapshot);
        var b = Compile(snapshot with { RealServers = SeedRealServers });
        Assert.Equal(IpvsadmRules.Format(a.ForNode("director").Services.Values), IpvsadmRules.Format(b.ForNode("director").Services.Values));
        Assert.Equal(a.Nodes.Keys, b.Nodes.Keys);
    }

    [Fact]
    public void Persistence_netmask_prints_as_ipvsadm_takes_it()
    {
        var spec = SeedSpec with { Persistence = new Persistence { TimeoutSeconds = 60, PrefixLength = 24 } };
        var service = Compile(Snapshot([Vs("web", spec)], SeedRealServers)).ForNode("director").Services.Values.Single().Service;
        Assert.Equal("-A -t 192.0.2.120:10087 -s wrr -p 60 -M 255.255.255.0", IpvsadmRules.AddService(service));
        Assert.Equal(IPAddress.Parse("192.0.2.120"), ((VirtualAddressKey)service.Key).Address);
    }

    [Fact]
    public void A_dr_real_server_node_never_directs_its_own_service()
    {
        var compiled = Compile(Snapshot([Vs("web", SeedSpec)], SeedRealServers, nodes: [Node("director"), Node("node-102")]));

        Assert.Single(compiled.ForNode("director").Services);
        Assert.Empty(compiled.ForNode("node-102").Services);
        Assert.Equal([States.Vip("192.0.2.120", "lo")], compiled.ForNode("node-102").Addresses);
        Assert.Equal(["director"], compiled.VirtualServices.Values.Single().Directors);
    }
}
