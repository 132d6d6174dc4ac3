using LvsOperator.Core.Compilation;
using LvsOperator.Core.Publishing;
using LvsOperator.Core.Resources;
using static LvsOperator.Core.Tests.Make;

namespace LvsOperator.Core.Tests.Control;

public sealed class FailoverSliceTests
{
    private static readonly Failover Router = new()
    {
        VirtualRouterId = 7, Priority = 150, AdvertisementInterval = "40950ms", PreemptDelay = "1000s", Preempt = false,
        ConnectionSync = false, Interface = "eth1", UnicastPeers = ["198.51.100.1", "2001:db8::1"],
    };

    [Fact]
    public void A_directors_groups_come_back_unchanged_from_its_slices()
    {
        var compiled = Compiler.Compile(
            Snapshot([Vs("web", SeedSpec with { Addresses = ["192.0.2.120", "2001:db8::120"], Failover = Router })], SeedRealServers, null, Node("director")),
            new CompilerOptions());
        var state = compiled.ForNode("director");

        var slices = NodeSliceCodec.Encode("web", "director", state)
            .Select(d => new NodeSlice { Metadata = new ObjectMeta { Name = d.Name, Namespace = "default" }, Spec = d.Spec }).ToList();
        var problems = new List<string>();
        var decoded = NodeSliceCodec.Decode(slices, problems);

        Assert.Empty(problems);
        Assert.Equal("1000s", slices[0].Spec.Failover.Single().PreemptDelay);
        Assert.Equal("40s950ms", slices[0].Spec.Failover.Single().AdvertisementInterval);
        Assert.True(decoded.Failover[7].SameAs(state.Failover[7]));
        Assert.Equal(state.Addresses, decoded.Addresses);
    }

    [Fact]
    public void A_slice_with_a_failover_group_that_does_not_decode_is_left_out_whole()
    {
        var slice = new NodeSlice
        {
            Metadata = new ObjectMeta { Name = "web.director", Namespace = "default" },
            Spec = new NodeSliceSpec
            {
                NodeName = "director", VirtualService = "web",
                Failover = [new FailoverSlice { VirtualRouterId = 7, Priority = 100, AdvertisementInterval = "1s", PreemptDelay = "0s", Addresses = ["not-an-ip"] }],
            },
        };

        Assert.False(NodeSliceCodec.TryDecode(slice, out _, out var problem));
        Assert.Contains("not-an-ip", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_settled_cluster_with_failover_asks_for_nothing_and_a_priority_change_rewrites_that_directors_slice()
    {
        var cluster = new ClusterModel(Node("director-a"), Node("director-b"));
        cluster.RealServers.AddRange(SeedRealServers);
        cluster.Add(Vs("web", SeedSpec with { Failover = Router }));
        cluster.Step();
        cluster.AllAgentsReport();
        cluster.Step();

        Assert.Empty(cluster.Decide().Slices);

        cluster.Edit("web", spec => spec with { Failover = Router with { NodePriorities = new Dictionary<string, int> { ["director-b"] = 200 } } });
        var changed = cluster.Decide().Slices;

        Assert.Equal(["web.director-b"], changed.Select(c => c.Slice.Metadata.Name));
        Assert.Equal(200, changed.Single().Slice.Spec.Failover.Single().Priority);
    }
}
