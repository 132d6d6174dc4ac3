using System.Net;
using LvsOperator.Agent.Bgp;
using LvsOperator.Core.Resources;
using LvsOperator.Kubernetes.Models;

namespace LvsOperator.Agent.Tests;

/// <summary>Issue 17: a BGP session lost or established is an Event on each VirtualService that announces over it.</summary>
public sealed class BgpEventsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 3, 0, 0, TimeSpan.Zero);

    private static NodeSlice Slice(string name, string virtualService, string? peer) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = "shop", Generation = 1 },
        Spec = new NodeSliceSpec
        {
            NodeName = "director-a",
            VirtualService = virtualService,
            Bgp = peer is null ? null : new SliceBgp { Peers = [new SliceBgpPeer { Address = peer, Asn = 64500, LocalAsn = 64512, HoldTimeSeconds = 9 }] },
        },
    };

    [Fact]
    public void Every_virtual_service_with_a_session_to_the_peer_is_concerned_once()
    {
        NodeSlice[] slices =
        [
            Slice("web-a-0", "web", "192.0.2.1"), Slice("web-a-1", "web", "192.0.2.1"), Slice("api-a", "api", "192.0.2.1"),
            Slice("other-a", "other", "192.0.2.9"), Slice("plain-a", "plain", null),
        ];

        var regarding = BgpEvents.Regarding(slices, IPAddress.Parse("192.0.2.1"));

        Assert.Equal([("shop", "web"), ("shop", "api")], regarding.Select(r => (r.Namespace!, r.Name!)));
        Assert.All(regarding, r => Assert.Equal(ResourceKinds.VirtualService, r.Kind));
    }

    [Fact]
    public void A_lost_session_is_a_warning_and_a_regained_one_is_normal()
    {
        var web = new ObjectReference { Kind = ResourceKinds.VirtualService, Namespace = "shop", Name = "web" };
        var lost = BgpEvents.For(new BgpSessionChange(IPAddress.Parse("192.0.2.1"), "ipv4Unicast", false), web, "director-a", Now);
        var back = BgpEvents.For(new BgpSessionChange(IPAddress.Parse("192.0.2.1"), "ipv4Unicast", true), web, "director-a", Now);

        Assert.Equal((EventsV1Event.Warning, BgpEvents.Lost, "director-a"), (lost.Type, lost.Reason, lost.ReportingInstance));
        Assert.Equal("director-a: BGP session with 192.0.2.1 (ipv4Unicast) is no longer established; the peer no longer routes to this director",
            lost.Note);
        Assert.Equal((EventsV1Event.Normal, BgpEvents.Established), (back.Type, back.Reason));
        Assert.Equal(("shop", web), (lost.Metadata.Namespace, lost.Regarding));
    }
}
