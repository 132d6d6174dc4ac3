using System.Collections.Immutable;
using System.Net;
using LvsOperator.Core.Compilation;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Publishing;
using LvsOperator.Core.Resources;
using static LvsOperator.Core.Tests.Make;

namespace LvsOperator.Core.Tests.Control;

public sealed class NodeSliceCodecTests
{
    private static NodeSlice Slice(SliceDraft draft) => new() { Metadata = new ObjectMeta { Name = draft.Name, Namespace = "default" }, Spec = draft.Spec };

    private static void AssertSame(NodeDesiredState expected, NodeDesiredState actual)
    {
        Assert.Equal(IpvsadmRules.Format(expected.Services.Values), IpvsadmRules.Format(actual.Services.Values));
        Assert.Equal(expected.Services.Values.Select(s => s.Service), actual.Services.Values.Select(s => s.Service));
        Assert.Equal(expected.Services.Values.SelectMany(s => s.Destinations.Values), actual.Services.Values.SelectMany(s => s.Destinations.Values));
        Assert.Equal(expected.Services.Values.Select(Health), actual.Services.Values.Select(Health));
        Assert.Equal(expected.Addresses, actual.Addresses);
        Assert.Equal(expected.Links, actual.Links);
        Assert.Equal(expected.Sysctls, actual.Sysctls);
    }

    public static TheoryData<string> Examples => new() { "dr-seed.yaml", "nat-port-mapping.yaml", "tun.yaml", "ipv6-fwmark.yaml" };

    [Theory]
    [MemberData(nameof(Examples))]
    public void Every_node_state_of_the_examples_comes_back_unchanged_from_its_slices(string example)
    {
        var compiled = Compiler.Compile(ExampleManifests.Snapshot(example), new CompilerOptions());
        Assert.NotEmpty(compiled.Nodes);

        foreach (var (node, state) in compiled.Nodes)
        {
            var slices = compiled.Fragments.SelectMany(f => f.Value.TryGetValue(node, out var share) ? NodeSliceCodec.Encode(f.Key.Name, node, share) : []);
            var problems = new List<string>();
            AssertSame(state, NodeSliceCodec.Decode(slices.Select(Slice), problems));
            Assert.Empty(problems);
        }
    }

    [Fact]
    public void A_large_service_spreads_over_bounded_slices_and_one_endpoint_change_touches_one_of_them()
    {
        var key = new VirtualAddressKey(Protocol.Tcp, IPAddress.Parse("192.0.2.1"), 80);
        NodeDesiredState Share(int changedWeight) => NodeDesiredState.Empty with
        {
            Services = ImmutableSortedDictionary<ServiceKey, DesiredService>.Empty.Add(key, new DesiredService(
                new IpvsService(key, "wrr"),
                Enumerable.Range(0, 5000).Select(i => new IpvsDestination(
                        new DestinationKey(new IPAddress([198, 18, (byte)(i / 250), (byte)(i % 250 + 1)]), 8080),
                        ForwardingMethod.Masquerade, i == 1234 ? changedWeight : 1))
                    .ToImmutableSortedDictionary(d => d.Key, d => d))),
        };

        var before = NodeSliceCodec.Encode("big", "director", Share(1));
        var after = NodeSliceCodec.Encode("big", "director", Share(7));

        Assert.Equal(16, before.Count);
        Assert.All(before, d => Assert.InRange(d.Spec.Services.Sum(s => s.Destinations.Count), 1, SliceLayout.MaxDestinations));
        Assert.Equal(before.Count, before.Select(d => d.Name).Distinct().Count());
        var changed = before.Zip(after).Where(p => !Json(p.First.Spec).Equals(Json(p.Second.Spec), StringComparison.Ordinal)).ToList();
        Assert.Single(changed);
        Assert.All(before, d => Assert.True(System.Text.Encoding.UTF8.GetByteCount(Json(d.Spec)) < 256 * 1024));
        var problems = new List<string>();
        Assert.Equal(5000, NodeSliceCodec.Decode(after.Select(Slice), problems).Services[key].Destinations.Count);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1000, 1)]
    [InlineData(1001, 4)]
    [InlineData(2000, 4)]
    [InlineData(100_000, 256)]
    public void The_slice_count_grows_in_powers_of_two_and_averages_at_most_half_a_slice(int destinations, int slices) =>
        Assert.Equal(slices, SliceLayout.SliceCount(destinations));

    [Fact]
    public void Names_stay_within_the_kubernetes_limit()
    {
        var name = SliceLayout.Name(new string('v', 250), new string('n', 200), 3);

        Assert.True(name.Length <= 253, name);
        Assert.EndsWith(".3", name, StringComparison.Ordinal);
        Assert.NotEqual(name, SliceLayout.Name(new string('v', 250), new string('m', 200), 3));
    }

    [Fact]
    public void A_slice_that_does_not_decode_is_left_out_whole_and_named()
    {
        var good = Slice(new SliceDraft("ok", new NodeSliceSpec { NodeName = "n", VirtualService = "a", Addresses = [new SliceAddress { Interface = "lvs0", Address = "192.0.2.1" }] }));
        var bad = Slice(new SliceDraft("bad", new NodeSliceSpec
        {
            NodeName = "n",
            VirtualService = "b",
            Addresses = [new SliceAddress { Interface = "lvs0", Address = "192.0.2.2" }],
            Services = [new SliceService { Protocol = Protocol.Tcp, Address = "not-an-ip", Port = 80, Scheduler = "rr" }],
        }));
        var problems = new List<string>();

        var state = NodeSliceCodec.Decode([good, bad], problems);

        Assert.Equal([States.Vip("192.0.2.1")], state.Addresses);
        Assert.Equal(["NodeSlice default/bad: \"not-an-ip\" is not an IP address"], problems);
    }

    private static string Health(DesiredService service) =>
        System.Text.Json.JsonSerializer.Serialize(service.HealthCheck, ResourceJsonContext.Default.HealthCheck)
        + string.Join(",", (service.HealthOverrides ?? ImmutableSortedDictionary<DestinationKey, HealthCheckOverride>.Empty)
            .Select(o => $"{o.Key}={System.Text.Json.JsonSerializer.Serialize(o.Value, ResourceJsonContext.Default.HealthCheckOverride)}"));

    private static string Json(NodeSliceSpec spec) => System.Text.Json.JsonSerializer.Serialize(spec, ResourceJsonContext.Default.NodeSliceSpec);
}
