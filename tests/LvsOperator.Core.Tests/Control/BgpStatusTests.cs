using LvsOperator.Core.Control;
using LvsOperator.Core.Planning;
using LvsOperator.Core.Publishing;
using LvsOperator.Core.Resources;

namespace LvsOperator.Core.Tests.Control;

/// <summary>Issue 17: a director's BGP sessions in its NodeSlices' status, and whether it announces them.</summary>
public sealed class BgpStatusTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 3, 0, 0, TimeSpan.Zero);

    private static NodeSlice Slice(string name, string vip, params SliceBgpRoute[] routes) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = "default", Generation = 1 },
        Spec = new NodeSliceSpec
        {
            NodeName = "director",
            VirtualService = name,
            Services = [new SliceService { Protocol = Protocol.Tcp, Address = vip, Port = 80, Scheduler = "mh" }],
            Addresses = [new SliceAddress { Interface = "lvs0", Address = vip }],
            Bgp = routes.Length == 0 && name == "plain" ? null : new SliceBgp
            {
                Peers = [new SliceBgpPeer { Address = "192.0.2.1", Asn = 64500, LocalAsn = 64512, HoldTimeSeconds = 9 }],
                Routes = routes,
            },
        },
    };

    private static SliceBgpRoute Route(string vip) => new() { Address = vip, Peers = ["192.0.2.1"] };

    private static BgpSessionStatus Session(string peer, bool up) => new()
    {
        Peer = peer, Family = "ipv4Unicast", State = up ? "Established" : "Active", Established = up,
        Since = up ? Now.AddMinutes(-5) : null, PrefixesAdvertised = up ? 2 : 0,
    };

    private static Dictionary<string, NodeSliceStatus> Report(bool announcing, params BgpSessionStatus[] sessions)
    {
        NodeSlice[] slices = [Slice("web", "192.0.2.120", Route("192.0.2.120")), Slice("plain", "192.0.2.121"), Slice("cordoned", "192.0.2.122")];
        var cycle = new CycleReport(new Plan([], []), []) { Bgp = sessions, Announcing = announcing };
        return SliceReports.For(slices, cycle, Now).ToDictionary(r => r.Slice.Metadata.Name, r => r.Status);
    }

    private static Condition? Announced(NodeSliceStatus status) => status.Conditions!.SingleOrDefault(c => c.Type == ConditionTypes.Announced);

    [Fact]
    public void A_slice_lists_the_sessions_with_its_own_peers_and_is_announced_while_one_is_up()
    {
        var reports = Report(announcing: true, Session("192.0.2.1", up: true), Session("192.0.2.9", up: false));

        var web = reports["web"];
        Assert.Equal([Session("192.0.2.1", up: true)], web.Bgp!);
        Assert.Equal((ConditionStatus.True, "Announced", "192.0.2.120"), (Announced(web)!.Status, Announced(web)!.Reason, Announced(web)!.Message));
        // A slice without BGP gets neither the sessions nor the condition: active/active rewrites no other status.
        Assert.Null(reports["plain"].Bgp);
        Assert.Null(Announced(reports["plain"]));
        // Sessions but no route: the compiler withdrew the VIPs of a cordoned director.
        Assert.Equal((ConditionStatus.False, "NothingToAnnounce"), (Announced(reports["cordoned"])!.Status, Announced(reports["cordoned"])!.Reason));
    }

    [Fact]
    public void Withdrawn_by_the_agent_or_without_an_established_session_it_is_not_announced()
    {
        var withdrawn = Announced(Report(announcing: false, Session("192.0.2.1", up: true))["web"])!;
        Assert.Equal((ConditionStatus.False, "Withdrawn"), (withdrawn.Status, withdrawn.Reason));

        var down = Report(announcing: true, Session("192.0.2.1", up: false))["web"];
        Assert.Equal((ConditionStatus.False, "NoSession"), (Announced(down)!.Status, Announced(down)!.Reason));
        Assert.Equal("Active", Assert.Single(down.Bgp!).State);
    }

    [Fact]
    public void A_session_that_changes_state_is_a_status_change_and_the_same_report_again_is_none()
    {
        var first = Report(announcing: true, Session("192.0.2.1", up: true))["web"];
        var again = first with { Bgp = [Session("192.0.2.1", up: true)] };
        var lost = first with { Bgp = [Session("192.0.2.1", up: false)] };

        Assert.True(first.SameAs(again));
        Assert.False(first.SameAs(lost));
    }
}
