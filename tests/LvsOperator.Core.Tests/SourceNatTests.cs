using System.Collections.Immutable;
using System.Net.Sockets;
using LvsOperator.Core.Compilation;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Planning;
using LvsOperator.Core.Publishing;
using LvsOperator.Core.Resources;
using LvsOperator.Core.Validation;
using static LvsOperator.Core.Tests.Make;
using static LvsOperator.Core.Tests.States;

namespace LvsOperator.Core.Tests;

/// <summary>Source NAT on the director: which services get it, how it travels in NodeSlices, and how the planner keeps the agent's nftables table.</summary>
public sealed class SourceNatTests
{
    private const string Conntrack = "net.ipv4.vs.conntrack";
    private static readonly VirtualAddressKey Web = Tcp("192.0.2.50", 80);
    private static readonly VirtualAddressKey Api = Tcp("192.0.2.51", 443);
    private static readonly FirewallMarkKey Mark = new(7, AddressFamily.InterNetwork);

    private static readonly ServiceBackends Pods = new("default", "web", [new ServicePortInfo("http", 80, Protocol.Tcp)],
        [new EndpointInfo("10.244.1.5", new Dictionary<string, int> { ["http"] = 8080 }, NodeName: "worker-1")]);

    private static VirtualServiceSpec Spec(ForwardingMethod method, SourceNat? sourceNat, bool fromService) => new()
    {
        Addresses = ["192.0.2.50"], Port = 80,
        Forwarding = new Forwarding { Method = method, SourceNat = sourceNat },
        RealServers = fromService
            ? new RealServerSource { Service = new ServiceReference { Name = "web" } }
            : new RealServerSource { Static = [new RealServerSpec { Address = "198.18.1.10", Port = 8080 }] },
    };

    private static NodeDesiredState Director(VirtualServiceSpec spec) =>
        Compiler.Compile(Snapshot([Vs("web", spec)], services: [Pods]), new CompilerOptions()).ForNode("director");

    [Theory]
    [InlineData(null, true, true)]                 // Auto, pods: they never route back through a director
    [InlineData(SourceNat.Auto, false, false)]     // Auto, static list: classic LVS-NAT, the director is their gateway
    [InlineData(SourceNat.Always, false, true)]    // another subnet
    [InlineData(SourceNat.Never, true, false)]     // the admin routes pods' replies through the director
    public void Nat_services_masquerade_as_the_mode_and_the_real_servers_source_say(SourceNat? mode, bool fromService, bool masquerades)
    {
        var director = Director(Spec(ForwardingMethod.Masquerade, mode, fromService));

        Assert.Equal(masquerades ? [Web] : [], director.SourceNat);
        Assert.Equal(masquerades, director.Sysctls.TryGetValue(Conntrack, out var value) && value == "1");
        Assert.Single(director.Services);
    }

    [Fact]
    public void Dr_from_a_service_is_never_masqueraded()
    {
        var director = Director(Spec(ForwardingMethod.DirectRouting, null, fromService: true));
        Assert.Empty(director.SourceNat);
        Assert.False(director.Sysctls.ContainsKey(Conntrack));
    }

    [Fact]
    public void Always_needs_nat_and_is_not_set_per_real_server()
    {
        var spec = Spec(ForwardingMethod.DirectRouting, SourceNat.Always, fromService: false) with
        {
            RealServers = new RealServerSource
            {
                Static = [new RealServerSpec { Address = "198.18.1.10", Forwarding = new Forwarding { Method = ForwardingMethod.Masquerade, SourceNat = SourceNat.Never } }],
            },
        };

        var errors = ResourceValidator.Validate(Vs("web", spec));

        Assert.Contains(new FieldError("spec.forwarding.sourceNat", Messages.SourceNatAlwaysNeedsNat), errors);
        Assert.Contains(new FieldError("spec.realServers.static[0].forwarding.sourceNat", Messages.SourceNatOnlyOnService), errors);
        Assert.Contains(new FieldError("spec.forwarding.sourceNat", Messages.SourceNatOnlyOnService),
            ResourceValidator.Validate(Rs("rs", new RealServerSpec { Address = "198.18.1.10", Forwarding = new Forwarding { SourceNat = SourceNat.Auto } })));
        Assert.Empty(ResourceValidator.Validate(Vs("web", Spec(ForwardingMethod.Masquerade, SourceNat.Always, fromService: false))));
    }

    [Fact]
    public void Slices_carry_the_source_nat_services_and_give_them_back()
    {
        var share = Director(Spec(ForwardingMethod.Masquerade, null, fromService: true));

        var slices = NodeSliceCodec.Encode("web", "director", share);
        var decoded = NodeSliceCodec.Decode(slices.Select(d => new NodeSlice { Metadata = new ObjectMeta { Name = d.Name }, Spec = d.Spec }), []);

        Assert.Equal(true, slices[0].Spec.Services.Single().SourceNat);
        Assert.Equal([Web], decoded.SourceNat);
        Assert.Null(NodeSliceCodec.Encode("web", "director", Director(Spec(ForwardingMethod.Masquerade, SourceNat.Never, fromService: true)))[0].Spec.Services.Single().SourceNat);
    }

    private static NodeDesiredState Wants(params ServiceKey[] keys) => NodeDesiredState.Empty with { SourceNat = [.. keys] };

    private static ObservedNatRule Rule(ulong handle, ServiceKey? service) => new(handle, service);

    private static ObservedState Table(params ObservedNatRule[] rules) => ObservedState.Empty with { SourceNat = new ObservedSourceNat(true, true, [.. rules]) };

    private static readonly OwnedState OwnsTable = OwnedState.Empty with { SourceNatTable = true };

    private static Plan Plan(NodeDesiredState desired, ObservedState observed, OwnedState owned) => Planner.Plan(desired, observed, owned, T0, DrainPolicy.Default);

    [Fact]
    public void From_nothing_the_chain_comes_first_then_one_rule_per_service_and_the_second_plan_is_empty()
    {
        var desired = Wants(Web, Mark);

        var plan = Plan(desired, ObservedState.Empty, OwnedState.Empty);
        Assert.Equal([new EnsureSourceNatChain(), new AddSourceNat(Web), new AddSourceNat(Mark)], plan.Operations);

        var (kernel, ledger) = KernelSimulator.Apply(ObservedState.Empty, OwnedState.Empty, plan, T0);
        Assert.True(ledger.SourceNatTable);
        Assert.True(Plan(desired, kernel, ledger).IsEmpty);
    }

    [Fact]
    public void Changes_are_single_rules_by_handle_stale_unnamed_and_duplicate_rules_go()
    {
        var observed = Table(Rule(2, Web), Rule(3, Api), Rule(4, null), Rule(5, Web));

        var plan = Plan(Wants(Web, Mark), observed, OwnsTable);

        Assert.Equal([new DeleteSourceNat(3, Api), new DeleteSourceNat(4, null), new DeleteSourceNat(5, Web), new AddSourceNat(Mark)], plan.Operations);
    }

    [Fact]
    public void Drift_is_repaired_a_deleted_rule_comes_back_a_deleted_table_is_made_again()
    {
        Assert.Equal([new AddSourceNat(Web)], Plan(Wants(Web, Api), Table(Rule(2, Api)), OwnsTable).Operations);

        // Someone ran `nft delete table inet lvsoperator`: the ledger forgets it, and the agent makes it again.
        var plan = Plan(Wants(Web), ObservedState.Empty, OwnsTable);
        Assert.Equal([new EnsureSourceNatChain(), new AddSourceNat(Web)], plan.Operations);
    }

    [Fact]
    public void The_table_goes_once_nothing_needs_it_and_only_if_the_agent_made_it()
    {
        Assert.Equal([new DeleteSourceNatTable()], Plan(NodeDesiredState.Empty, Table(Rule(2, Web)), OwnsTable).Operations);
        Assert.True(Plan(NodeDesiredState.Empty, Table(Rule(2, Web)), OwnedState.Empty).IsEmpty);
        Assert.True(Plan(NodeDesiredState.Empty, ObservedState.Empty, OwnsTable).IsEmpty);
    }

    [Fact]
    public void A_table_of_that_name_the_agent_did_not_make_is_a_conflict_not_a_change()
    {
        var plan = Plan(Wants(Web), Table(Rule(9, null)), OwnedState.Empty);

        Assert.Empty(plan.Operations);
        Assert.Equal("nftables table inet lvsoperator", Assert.Single(plan.Conflicts).Subject);
    }

    [Fact]
    public void The_table_waits_for_a_draining_service()
    {
        var draining = Observed(Service(Web, "wlc", Dest("198.18.1.10", 8080, method: ForwardingMethod.Masquerade))).WithConnections(Web, Dest("198.18.1.10", 8080, method: ForwardingMethod.Masquerade), active: 3)
            with { SourceNat = new ObservedSourceNat(true, true, [Rule(2, Web)]) };
        var owned = OwnsTable with { Services = [Web] };

        var plan = Plan(NodeDesiredState.Empty, draining, owned);

        Assert.DoesNotContain(plan.Operations, o => o is DeleteSourceNatTable);
        Assert.Contains(plan.Operations, o => o is DrainDestination);
    }
}
