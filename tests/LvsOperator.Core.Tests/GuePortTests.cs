using System.Collections.Immutable;
using System.Net.Sockets;
using LvsOperator.Core.Compilation;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Planning;
using LvsOperator.Core.Publishing;
using LvsOperator.Core.Resources;
using static LvsOperator.Core.Tests.Make;
using static LvsOperator.Core.Tests.States;

namespace LvsOperator.Core.Tests;

/// <summary>
/// A GUE real server's fou receive port: which nodes want one, how it travels in NodeSlices, and how the planner opens
/// it, keeps a port someone else opened, and closes only its own.
/// </summary>
public sealed class GuePortTests
{
    private static readonly FouPortKey Gue4 = new(6080, AddressFamily.InterNetwork);
    private static readonly FouPortKey Gue6 = new(6080, AddressFamily.InterNetworkV6);

    private static VirtualServiceSpec Tun(TunnelType type, int? port, params string[] realServers) => new()
    {
        Addresses = ["192.0.2.30", "2001:db8::30"], Port = 443,
        Forwarding = new Forwarding { Method = ForwardingMethod.Tunnel, Tunnel = new Tunnel { Type = type, Port = port } },
        RealServers = new RealServerSource { Static = [.. realServers.Select((a, i) => new RealServerSpec { Address = a, NodeName = $"rs-{i}" })] },
    };

    private static CompiledState Compile(VirtualServiceSpec spec) => Compiler.Compile(Snapshot([Vs("tun", spec)]), new CompilerOptions());

    [Fact]
    public void A_gue_real_server_wants_its_tunnel_port_in_its_own_family_and_an_ipip_one_wants_none()
    {
        var gue = Compile(Tun(TunnelType.Gue, 6080, "203.0.113.7", "2001:db8:1::7"));
        Assert.Equal([Gue4], gue.ForNode("rs-0").GuePorts);
        Assert.Equal([Gue6], gue.ForNode("rs-1").GuePorts);
        Assert.Empty(gue.ForNode("director").GuePorts); // IPVS builds the outer header itself

        Assert.Empty(Compile(Tun(TunnelType.IpIp, null, "203.0.113.7")).ForNode("rs-0").GuePorts);
    }

    [Fact]
    public void Slices_carry_the_ports_in_the_first_slice_and_give_them_back()
    {
        var share = NodeDesiredState.Empty with { GuePorts = [Gue4, Gue6] };

        var slices = NodeSliceCodec.Encode("tun", "rs-0", share);
        var decoded = NodeSliceCodec.Decode(slices.Select(d => new NodeSlice { Metadata = new ObjectMeta { Name = d.Name }, Spec = d.Spec }), []);

        Assert.Equal([new SliceGuePort { Port = 6080, IpFamily = IpFamily.IPv4 }, new SliceGuePort { Port = 6080, IpFamily = IpFamily.IPv6 }], slices[0].Spec.GuePorts);
        Assert.Equal([Gue4, Gue6], decoded.GuePorts);
    }

    private static Plan Plan(NodeDesiredState desired, ObservedState observed, OwnedState owned) => Planner.Plan(desired, observed, owned, T0, DrainPolicy.Default);

    private static NodeDesiredState RealServer(params FouPortKey[] ports) => NodeDesiredState.Empty with
    {
        Addresses = [Vip("192.0.2.30", "tunl0")],
        Links = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("tunl0", LinkKind.Existing)]),
        GuePorts = [.. ports],
    };

    private static ObservedState Open(params (FouPortKey Port, bool Gue)[] ports) =>
        ObservedState.Empty with { FouPorts = ports.ToImmutableDictionary(p => p.Port, p => p.Gue) };

    [Fact]
    public void From_nothing_the_port_opens_after_the_link_before_the_vip_and_the_second_plan_is_empty()
    {
        var desired = RealServer(Gue4);

        var plan = Plan(desired, ObservedState.Empty, OwnedState.Empty);
        Assert.Equal([new RequestLink("tunl0"), new SetLinkUp("tunl0"), new AddGuePort(Gue4), new AddAddress(Vip("192.0.2.30", "tunl0"))], plan.Operations);
        Assert.Equal("fou add port 6080 gue", plan.Operations[2].ToString());

        var (kernel, ledger) = KernelSimulator.Apply(ObservedState.Empty, OwnedState.Empty, plan, T0);
        Assert.Equal([Gue4], ledger.GuePorts);
        Assert.True(Plan(desired, kernel, ledger).IsEmpty);
    }

    [Fact]
    public void An_owned_port_nothing_wants_is_closed_last_and_a_closed_one_comes_back()
    {
        var owned = OwnedState.Empty with { GuePorts = [Gue4, Gue6] };

        var plan = Plan(RealServer(Gue4) with { Addresses = [], Links = NodeDesiredState.Empty.Links }, Open((Gue4, true), (Gue6, true)), owned);
        Assert.Equal([new DeleteGuePort(Gue6)], plan.Operations);
        Assert.Equal("fou del port 6080 -6", plan.Operations[0].ToString());

        // Someone ran `ip fou del port 6080`: the ledger forgets it, and the agent opens it again as its own.
        var pruned = owned.Prune(Open()); // as the agent does before it applies a plan
        var (kernel, ledger) = KernelSimulator.Apply(Open(), pruned, Plan(NodeDesiredState.Empty with { GuePorts = [Gue4] }, Open(), owned), T0);
        Assert.Equal([Gue4], ledger.GuePorts);
        Assert.True(kernel.FouPorts[Gue4]);
    }

    [Fact]
    public void A_gue_port_someone_else_opened_serves_and_is_never_closed()
    {
        var desired = NodeDesiredState.Empty with { GuePorts = [Gue4] };

        var plan = Plan(desired, Open((Gue4, true)), OwnedState.Empty);
        Assert.True(plan.IsEmpty);
        Assert.Empty(plan.Conflicts);

        Assert.True(Plan(NodeDesiredState.Empty, Open((Gue4, true)), OwnedState.Empty).IsEmpty);
    }

    [Fact]
    public void A_port_open_with_another_encapsulation_is_a_conflict_not_a_change()
    {
        var plan = Plan(NodeDesiredState.Empty with { GuePorts = [Gue4] }, Open((Gue4, false)), OwnedState.Empty);

        Assert.Empty(plan.Operations);
        var conflict = Assert.Single(plan.Conflicts);
        Assert.Equal("fou port 6080", conflict.Subject);
        // Nor does the ledger claim it, should it have claimed the port before someone replaced it.
        Assert.Empty((OwnedState.Empty with { GuePorts = [Gue4] }).Prune(Open((Gue4, false))).GuePorts);
    }

    [Fact]
    public void A_port_waits_for_a_draining_service_like_links_do()
    {
        var web = Tcp("192.0.2.50", 80);
        var draining = Observed(Service(web, "wlc", Dest("198.18.1.10", 80))).WithConnections(web, Dest("198.18.1.10", 80), active: 2)
            with { FouPorts = ImmutableDictionary<FouPortKey, bool>.Empty.Add(Gue4, true) };

        var plan = Plan(NodeDesiredState.Empty, draining, OwnedState.Empty with { Services = [web], GuePorts = [Gue4] });

        Assert.DoesNotContain(plan.Operations, o => o is DeleteGuePort);
        Assert.Contains(plan.Operations, o => o is DrainDestination);
    }

    [Fact]
    public void A_failed_open_marks_the_slice_that_asked_for_the_port()
    {
        var operation = new AddGuePort(Gue4);
        var slice = new NodeSlice
        {
            Metadata = new ObjectMeta { Name = "tun-rs-0", Generation = 1 },
            Spec = NodeSliceCodec.Encode("tun", "rs-0", RealServer(Gue4))[0].Spec,
        };

        var (_, status) = Assert.Single(SliceReports.For([slice], new CycleReport(new Plan([operation], []), [(operation, "EADDRINUSE")]), T0));

        var programmed = Assert.Single(status.Conditions!, c => c.Type == "Programmed");
        Assert.Equal("fou port 6080: EADDRINUSE", programmed.Message);
    }

    [Fact]
    public void A_lingering_tunnel_vip_keeps_its_gue_port()
    {
        var (_, linger) = RealServerLinger.None.Apply(RealServer(Gue4), "lvs0", TimeSpan.FromSeconds(60), T0);

        var (held, next) = linger.Apply(NodeDesiredState.Empty, "lvs0", TimeSpan.FromSeconds(60), T0.AddSeconds(1));

        Assert.Equal([Gue4], held.GuePorts);
        Assert.Empty(next.Apply(NodeDesiredState.Empty, "lvs0", TimeSpan.FromSeconds(60), T0.AddSeconds(61)).State.GuePorts);
    }
}
