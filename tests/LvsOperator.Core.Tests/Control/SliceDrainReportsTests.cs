using System.Net;
using LvsOperator.Core.Control;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Planning;
using LvsOperator.Core.Publishing;
using LvsOperator.Core.Resources;

namespace LvsOperator.Core.Tests.Control;

/// <summary>
/// Issue 14: a slice is Draining only while destinations removed from its own services (or a service removed
/// from its VirtualService, whose VIP it still holds) keep connections; a drain elsewhere on the node writes
/// nothing on it.
/// </summary>
public sealed class SliceDrainReportsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);

    /// <summary>web: 192.0.2.1:80 and :443; api: 192.0.2.2:80; db: 192.0.2.3:5432.</summary>
    private static readonly NodeSlice[] Slices =
    [
        Slice("web", "192.0.2.1", 80, 443),
        Slice("api", "192.0.2.2", 80),
        Slice("db", "192.0.2.3", 5432),
    ];

    private static NodeSlice Slice(string name, string vip, params int[] ports) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = "default", Generation = 3 },
        Spec = new NodeSliceSpec
        {
            NodeName = "director",
            VirtualService = name,
            Services = ports.Select(p => new SliceService
            {
                Protocol = Protocol.Tcp, Address = vip, Port = p, Scheduler = "rr",
                Destinations = [new SliceDestination { Address = "198.18.0.1", Port = p, Weight = 1 }],
            }).ToList(),
            Addresses = [new SliceAddress { Interface = "lvs0", Address = vip }],
        },
    };

    private static DrainKey Drain(string vip, int port, string destination = "198.18.0.2") =>
        new(new VirtualAddressKey(Protocol.Tcp, IPAddress.Parse(vip), (ushort)port), new DestinationKey(IPAddress.Parse(destination), (ushort)port));

    private static Condition Draining(NodeSliceStatus status) => status.Conditions!.Single(c => c.Type == ConditionTypes.Draining);

    /// <summary>Drains on the node (vip:port of their service) → the slices that report Draining.</summary>
    public static TheoryData<string[], string[]> Table => new()
    {
        { [], [] },
        { ["192.0.2.1:80"], ["web"] },
        { ["192.0.2.1:443"], ["web"] },
        { ["192.0.2.2:80"], ["api"] },
        { ["192.0.2.1:80", "192.0.2.3:5432"], ["db", "web"] },
        // A port removed from api's VirtualService: no slice carries the service; api holds its VIP.
        { ["192.0.2.2:8080"], ["api"] },
        // A VirtualService deleted whole: its slice is gone, and no other slice answers for it.
        { ["192.0.2.9:80"], [] },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Only_the_slices_whose_own_services_drain_say_so(string[] drains, string[] expected)
    {
        var cycle = new CycleReport(new Plan([], []), [])
        {
            Draining = drains.Select(d => d.Split(':')).Select(d => Drain(d[0], int.Parse(d[1], System.Globalization.CultureInfo.InvariantCulture))).ToList(),
        };

        var reports = SliceReports.For(Slices, cycle, Now).ToDictionary(r => r.Slice.Metadata.Name, r => Draining(r.Status));

        Assert.Equal(expected, reports.Where(r => r.Value.Status == ConditionStatus.True).Select(r => r.Key).Order());
        Assert.All(reports.Values.Where(c => c.Status == ConditionStatus.True), c => Assert.Equal("ConnectionsDraining", c.Reason));
        Assert.All(reports.Values.Where(c => c.Status == ConditionStatus.False), c => Assert.Equal(("NothingToDrain", ""), (c.Reason, c.Message)));
    }

    [Fact]
    public void An_emptied_slice_answers_for_the_drains_no_slice_carries_so_its_deletion_waits_for_them()
    {
        // The controller empties a deleted VirtualService's slice and keeps its finalizer while the slice drains.
        var emptied = Slice("old", "192.0.2.9", 80) with
        {
            Spec = new NodeSliceSpec { NodeName = "director", VirtualService = "old" },
        };
        var cycle = new CycleReport(new Plan([], []), []) { Draining = [Drain("192.0.2.9", 80), Drain("192.0.2.1", 80)] };

        var reports = SliceReports.For([.. Slices, emptied], cycle, Now).ToDictionary(r => r.Slice.Metadata.Name, r => Draining(r.Status));

        Assert.Equal(["old", "web"], reports.Where(r => r.Value.Status == ConditionStatus.True).Select(r => r.Key).Order());
        Assert.Equal("1 removed destination(s) still hold connections: 198.18.0.2:80 of TCP 192.0.2.9:80", reports["old"].Message);
    }

    [Fact]
    public void The_start_and_the_end_of_a_drain_rewrite_only_the_draining_slice()
    {
        var quiet = new CycleReport(new Plan([], []), []);
        var reported = Reported(Slices, quiet, Now);
        Assert.Empty(SliceReports.For(reported, quiet, Now.AddSeconds(1)));

        var draining = quiet with { Draining = [Drain("192.0.2.2", 80), Drain("192.0.2.2", 80, "198.18.0.3")] };
        var (slice, status) = Assert.Single(SliceReports.For(reported, draining, Now.AddSeconds(2)));
        Assert.Equal("api", slice.Metadata.Name);
        Assert.Equal(
            "2 removed destination(s) still hold connections: 198.18.0.2:80 of TCP 192.0.2.2:80, 198.18.0.3:80 of TCP 192.0.2.2:80",
            Draining(status).Message);
        Assert.Equal(Now.AddSeconds(2), Draining(status).LastTransitionTime);

        reported = Reported(reported, draining, Now.AddSeconds(2));
        Assert.Empty(SliceReports.For(reported, draining, Now.AddSeconds(3)));
        var (ended, after) = Assert.Single(SliceReports.For(reported, quiet, Now.AddSeconds(4)));
        Assert.Equal(("api", ConditionStatus.False), (ended.Metadata.Name, Draining(after).Status));
    }

    [Fact]
    public void A_status_read_back_with_other_transition_times_is_not_written_again()
    {
        // Times as an older agent wrote them (.NET's round-trip format, fractions kept) or as the server cut them.
        var cycle = new CycleReport(new Plan([], []), []);
        var reported = Reported(Slices, cycle, Now).Select(s => s with
        {
            Status = s.Status! with { Conditions = s.Status.Conditions!.Select(c => c with { LastTransitionTime = c.LastTransitionTime.AddMilliseconds(123.4567) }).ToList() },
        }).ToList();

        Assert.Empty(SliceReports.For(reported, cycle, Now.AddHours(1)));
    }

    private static List<NodeSlice> Reported(IEnumerable<NodeSlice> slices, CycleReport cycle, DateTimeOffset at)
    {
        var written = SliceReports.For(slices, cycle, at).ToDictionary(r => r.Slice.Metadata.Name, r => r.Status);
        return slices.Select(s => written.TryGetValue(s.Metadata.Name, out var status) ? s with { Status = status } : s).ToList();
    }
}
