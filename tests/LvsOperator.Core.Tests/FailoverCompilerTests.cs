using System.Net;
using LvsOperator.Core.Compilation;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Resources;
using LvsOperator.Core.Validation;
using static LvsOperator.Core.Tests.Make;

namespace LvsOperator.Core.Tests;

public sealed class FailoverCompilerTests
{
    private static readonly DateTimeOffset Older = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly Failover Router51 = new()
    {
        VirtualRouterId = 51,
        Priority = 90,
        NodePriorities = new Dictionary<string, int> { ["director-a"] = 200 },
        AdvertisementInterval = "100ms",
        PreemptDelay = "1m30s",
        UnicastPeers = ["198.51.100.2", "198.51.100.1"],
    };

    private static CompiledState Compile(params VirtualService[] services) =>
        Compiler.Compile(Snapshot(services, SeedRealServers, null, Node("director-a"), Node("director-b")), new CompilerOptions());

    [Fact]
    public void Unicast_without_named_peers_advertises_to_the_directors_node_addresses()
    {
        var unicast = new Failover { VirtualRouterId = 51, Unicast = true };
        NodeInfo Director(string name, params string[] addresses) => Node(name) with { Addresses = [.. addresses.Select(IPAddress.Parse)] };

        var compiled = Compiler.Compile(
            Snapshot([Vs("web", SeedSpec with { Failover = unicast })], SeedRealServers, null, Director("director-a", "198.51.100.1", "2001:db8::1"), Director("director-b", "198.51.100.2")),
            new CompilerOptions());

        Assert.Equal(["198.51.100.1", "2001:db8::1", "198.51.100.2"], compiled.ForNode("director-b").Failover[51].UnicastPeers.Select(p => p.ToString()));
        Assert.Empty(compiled.VirtualServices.Values.Single().Problems);

        var named = Compiler.Compile(
            Snapshot([Vs("web", SeedSpec with { Failover = unicast with { UnicastPeers = ["203.0.113.9"] } })], SeedRealServers, null, Director("director-a", "198.51.100.1")),
            new CompilerOptions());
        Assert.Equal([IPAddress.Parse("203.0.113.9")], named.ForNode("director-a").Failover[51].UnicastPeers.ToArray());
    }

    [Fact]
    public void Unicast_with_no_node_addresses_is_a_problem_not_a_silent_multicast()
    {
        var compiled = Compiler.Compile(
            Snapshot([Vs("web", SeedSpec with { Failover = new Failover { VirtualRouterId = 51, Unicast = true } })], SeedRealServers, null, Node("director-a")),
            new CompilerOptions());

        var problem = Assert.Single(compiled.VirtualServices.Values.Single().Problems);
        Assert.Equal(Problem.NoUnicastPeers, problem.Reason);
        Assert.Empty(compiled.ForNode("director-a").Failover[51].UnicastPeers);
    }

    [Fact]
    public void Each_director_gets_the_group_with_its_own_priority_the_settings_and_the_vips_which_stay_in_its_addresses()
    {
        var compiled = Compile(Vs("web", SeedSpec with { Addresses = ["192.0.2.120", "2001:db8::120"], Failover = Router51 }));

        Assert.Empty(compiled.Findings);
        var a = compiled.ForNode("director-a").Failover[51];
        var b = compiled.ForNode("director-b").Failover[51];
        Assert.Equal((200, 90), (a.Priority, b.Priority));
        Assert.Equal((TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(90), true, true), (a.AdvertisementInterval, a.PreemptDelay, a.Preempt, a.ConnectionSync));
        Assert.Equal([IPAddress.Parse("198.51.100.2"), IPAddress.Parse("198.51.100.1")], a.UnicastPeers.ToArray());
        Assert.Equal([IPAddress.Parse("192.0.2.120"), IPAddress.Parse("2001:db8::120")], a.Addresses.ToArray());
        Assert.Equal(a.Addresses, compiled.ForNode("director-a").Addresses.Select(x => x.Address));
        Assert.All(compiled.Nodes.Where(n => n.Key.StartsWith("node-", StringComparison.Ordinal)), n => Assert.Empty(n.Value.Failover));
    }

    [Fact]
    public void Virtual_services_naming_one_router_with_the_same_settings_share_one_group_of_all_their_vips()
    {
        var compiled = Compile(
            Vs("web", SeedSpec with { Failover = Router51 }, Older),
            Vs("dns", SeedSpec with { Addresses = ["192.0.2.53"], Port = 53, Protocol = Protocol.Udp, Failover = Router51 }, Older.AddDays(1)));

        Assert.Empty(compiled.Findings);
        var group = Assert.Single(compiled.ForNode("director-b").Failover).Value;
        Assert.Equal([IPAddress.Parse("192.0.2.53"), IPAddress.Parse("192.0.2.120")], group.Addresses.ToArray());
    }

    [Fact]
    public void A_newer_virtual_service_that_sets_one_router_up_differently_is_told_so_and_runs_with_the_older_settings()
    {
        var compiled = Compile(
            Vs("web", SeedSpec with { Failover = Router51 }, Older),
            Vs("dns", SeedSpec with { Addresses = ["192.0.2.53"], Port = 53, Failover = Router51 with { AdvertisementInterval = "1s" } }, Older.AddDays(1)));

        var finding = Assert.Single(compiled.Findings);
        Assert.Equal(("dns", "spec.failover"), (finding.Resource.Name, finding.Error.Field));
        Assert.StartsWith(Messages.FailoverConflict, finding.Error.Message, StringComparison.Ordinal);
        Assert.Contains("default/web", finding.Error.Message, StringComparison.Ordinal);
        var group = compiled.ForNode("director-a").Failover[51];
        Assert.Equal(TimeSpan.FromMilliseconds(100), group.AdvertisementInterval);
        Assert.Equal(2, group.Addresses.Length);
    }

    [Fact]
    public void Node_priorities_listed_in_another_order_are_the_same_settings()
    {
        var reordered = Router51 with { NodePriorities = new Dictionary<string, int> { ["director-b"] = 90, ["director-a"] = 200 } };
        var first = Router51 with { NodePriorities = new Dictionary<string, int> { ["director-a"] = 200, ["director-b"] = 90 } };

        var compiled = Compile(Vs("web", SeedSpec with { Failover = first }, Older), Vs("dns", SeedSpec with { Addresses = ["192.0.2.53"], Failover = reordered }, Older.AddDays(1)));

        Assert.Empty(compiled.Findings);
    }

    [Fact]
    public void A_virtual_service_without_failover_adds_no_group()
    {
        var compiled = Compile(Vs("web", SeedSpec));

        Assert.Empty(compiled.ForNode("director-a").Failover);
        Assert.Single(compiled.ForNode("director-a").Addresses);
    }

    [Theory]
    [InlineData("10ms", true)]
    [InlineData("40950ms", true)]
    [InlineData("40s950ms", true)]
    [InlineData("1s5ms", false)]
    [InlineData("5ms", false)]
    [InlineData("41s", false)]
    public void The_interval_is_whole_centiseconds_from_10ms_to_40950ms(string interval, bool valid)
    {
        var errors = ResourceValidator.Validate(Vs("web", SeedSpec with { Failover = new Failover { VirtualRouterId = 1, AdvertisementInterval = interval } }));

        Assert.Equal(valid ? [] : [Messages.FailoverIntervalRange], errors.Select(e => e.Message));
    }

    [Fact]
    public void The_validator_names_every_failover_error_at_once()
    {
        var spec = SeedSpec with
        {
            Addresses = null, Port = null, FirewallMark = 7,
            Failover = new Failover
            {
                VirtualRouterId = 0, Priority = 255, NodePriorities = new Dictionary<string, int> { ["n"] = 0 }, PreemptDelay = "1001s", UnicastPeers = ["x"],
            },
        };

        var errors = ResourceValidator.Validate(Vs("web", spec)).Where(e => e.Field.StartsWith("spec.failover", StringComparison.Ordinal)).ToList();

        Assert.Equal(
            ["spec.failover", "spec.failover.virtualRouterId", "spec.failover.priority", "spec.failover.nodePriorities.n", "spec.failover.preemptDelay", "spec.failover.unicastPeers[0]"],
            errors.Select(e => e.Field));
    }
}
