using LvsOperator.Core.Compilation;
using LvsOperator.Core.Compilation.Incremental;
using LvsOperator.Core.Resources;
using Xunit;

namespace LvsOperator.Core.Tests.Incremental;

/// <summary>An event recompiles the VirtualServices that read what it changed, and nothing else.</summary>
public sealed class IncrementalCompilerTests
{
    private static readonly NodeInfo Director = new("director-a", new Dictionary<string, string>());

    [Fact]
    public void An_endpoint_change_recompiles_only_the_VirtualService_of_that_Service()
    {
        var compiler = IncrementalCompiler.From(new ClusterSnapshot([Backed("v0", "s0"), Backed("v1", "s1")], [], [Backends("s0", "198.18.0.1"), Backends("s1", "198.18.0.2")], [Director]), new());

        compiler.SetService(Backends("s1", "198.18.0.3"));

        Assert.Equal([Ref("v1")], compiler.Compile());
        Assert.Equal(1, compiler.Outcome(Ref("v1"))!.ReadyRealServers);
    }

    [Theory]
    [InlineData("web", "web", new[] { "v-web" })]
    [InlineData("web", "db", new[] { "v-web", "v-db" })]
    [InlineData("other", "other", new string[0])]
    public void A_RealServer_change_recompiles_the_VirtualServices_selecting_it_before_or_after(string before, string after, string[] expected)
    {
        var compiler = IncrementalCompiler.From(new ClusterSnapshot(
            [Selecting("v-web", "192.0.2.1", "web"), Selecting("v-db", "192.0.2.2", "db")],
            [Make.Rs("rs", new RealServerSpec { Address = "198.18.0.1" }, before)], [], [Director]), new());

        compiler.SetRealServer(Make.Rs("rs", new RealServerSpec { Address = "198.18.0.1" }, after));

        var changed = compiler.Compile();
        Assert.Equal(expected.Select(Ref).Append(new ResourceRef(ResourceKinds.RealServer, "default", "rs")).ToHashSet(), changed.ToHashSet());
    }

    [Fact]
    public void The_echo_of_a_status_write_recompiles_nothing()
    {
        var vs = Backed("v0", "s0") with { Metadata = Backed("v0", "s0").Metadata with { Generation = 3 } };
        var compiler = IncrementalCompiler.From(new ClusterSnapshot([vs], [], [Backends("s0", "198.18.0.1")], [Director]), new());

        compiler.SetVirtualService(vs with { Spec = vs.Spec with { }, Status = new VirtualServiceStatus { ObservedGeneration = 3 } });

        Assert.Empty(compiler.Compile());
    }

    [Theory]
    [InlineData("x", "x", 0)]
    [InlineData("x", "y", 1)]
    public void A_node_recompiles_what_it_directs_only_when_its_labels_or_addresses_change(string before, string after, int recompiled)
    {
        var node = new NodeInfo("n", new Dictionary<string, string> { ["role"] = before });
        var compiler = IncrementalCompiler.From(new ClusterSnapshot([Backed("v0", "s0")], [], [Backends("s0", "198.18.0.1")], [node]), new());

        compiler.SetNode(new NodeInfo("n", new Dictionary<string, string> { ["role"] = after }));

        Assert.Equal(recompiled, compiler.Compile().Count);
    }

    [Fact]
    public void A_new_claim_on_a_held_VIP_loses_and_the_holder_keeps_it()
    {
        var old = Selecting("old", "192.0.2.1", "web") with { Metadata = new ObjectMeta { Name = "old", Namespace = "default", CreationTimestamp = DateTimeOffset.UnixEpoch } };
        var compiler = IncrementalCompiler.From(new ClusterSnapshot([old], [], [], [Director]), new());

        compiler.SetVirtualService(Selecting("new", "192.0.2.1", "db") with
        {
            Metadata = new ObjectMeta { Name = "new", Namespace = "default", CreationTimestamp = DateTimeOffset.UnixEpoch.AddDays(1) },
        });

        Assert.Equal([Ref("new"), Ref("old")], compiler.Compile().Order());
        Assert.Equal(Rejection.VipConflict, compiler.Outcome(Ref("new"))!.Rejected);
        Assert.True(compiler.Outcome(Ref("old"))!.Accepted);
    }

    private static ResourceRef Ref(string name) => new(ResourceKinds.VirtualService, "default", name);

    private static VirtualService Backed(string name, string service) => Make.Vs(name, new VirtualServiceSpec
    {
        Addresses = [$"192.0.2.{name[1] - '0' + 1}"],
        Port = 80,
        Forwarding = new Forwarding { Method = ForwardingMethod.Masquerade },
        RealServers = new RealServerSource { Service = new ServiceReference { Name = service } },
    });

    private static VirtualService Selecting(string name, string vip, string app) =>
        Make.Vs(name, new VirtualServiceSpec { Addresses = [vip], Port = 80, RealServers = Make.Selecting(app) });

    private static ServiceBackends Backends(string name, string address) =>
        new("default", name, [new ServicePortInfo("", 80, Protocol.Tcp)], [new EndpointInfo(address, new Dictionary<string, int> { [""] = 8080 })]);
}
