using LvsOperator.Core.Control;
using LvsOperator.Core.Planning;
using LvsOperator.Core.Publishing;
using LvsOperator.Core.Resources;
using static LvsOperator.Core.Tests.Make;

namespace LvsOperator.Core.Tests.Control;

/// <summary>Which director is active, from the agents' reports to the VirtualService's status and events (issue 7).</summary>
public sealed class FailoverStatusTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static ClusterModel Cluster(Failover? failover)
    {
        var cluster = new ClusterModel(Node("director-a"), Node("director-b"));
        cluster.RealServers.AddRange(SeedRealServers);
        cluster.Add(Vs("web", SeedSpec with { Failover = failover }));
        cluster.Step();
        return cluster;
    }

    private static FailoverRouterStatus Router(FailoverRouterState state, DateTimeOffset since) =>
        new() { VirtualRouterId = 51, IpFamily = IpFamily.IPv4, State = state, Since = since };

    private static Condition Elected(VirtualService vs) => vs.Status!.Conditions!.Single(c => c.Type == ConditionTypes.DirectorElected);

    [Fact]
    public void The_master_is_the_active_director_and_a_takeover_moves_it_with_an_event()
    {
        var cluster = Cluster(new Failover { VirtualRouterId = 51 });
        cluster.AllAgentsReport();
        cluster.Step();
        Assert.Equal((ConditionStatus.Unknown, "Pending"), (Elected(cluster.Get("web")).Status, Elected(cluster.Get("web")).Reason));

        cluster.AgentReports("director-a", failover: [Router(FailoverRouterState.Master, T0)]);
        cluster.AgentReports("director-b", failover: [Router(FailoverRouterState.Backup, T0)]);
        cluster.Step();

        var status = cluster.Get("web").Status!.Failover!;
        Assert.Equal((51, "director-a"), (status.VirtualRouterId, status.Active));
        Assert.Equal([("director-a", FailoverRouterState.Master), ("director-b", FailoverRouterState.Backup)], status.Routers.Select(r => (r.Node!, r.State)));
        Assert.Equal((ConditionStatus.True, "Elected", "director-a is master of VRRP 51 since 2026-11-25 12:00:00Z"),
            (Elected(cluster.Get("web")).Status, Elected(cluster.Get("web")).Reason, Elected(cluster.Get("web")).Message));
        Assert.Empty(cluster.Decide().VirtualServiceStatuses); // reported once, not on every pass

        // Node death: director-a cannot report any more, so its last report still says master; the newer master is active.
        cluster.AgentReports("director-b", failover: [Router(FailoverRouterState.Master, T0.AddSeconds(30))]);
        cluster.Step();

        Assert.Equal("director-b", cluster.Get("web").Status!.Failover!.Active);
        Assert.Contains(cluster.Events, e => e is { Reason: "DirectorTakeover", Type: ControllerEvent.Normal, Message: "director-b took over VRRP 51 from director-a" });
        Assert.Equal("director-b is master of VRRP 51 since 2026-11-25 12:00:30Z; also reporting master: director-a (IPv4, since 2026-11-25 12:00:00Z) (a dead node's last report, or a split brain)",
            Elected(cluster.Get("web")).Message);
    }

    [Fact]
    public void No_master_is_a_warning()
    {
        var cluster = Cluster(new Failover { VirtualRouterId = 51 });
        cluster.AgentReports("director-a", failover: [Router(FailoverRouterState.Backup, T0)]);
        cluster.AgentReports("director-b", failover: [Router(FailoverRouterState.Initialize, T0)]);
        cluster.Step();

        var vs = cluster.Get("web");
        Assert.Null(vs.Status!.Failover!.Active);
        Assert.Equal((ConditionStatus.False, "NoMaster", "no director is master of VRRP 51: director-a Backup, director-b Initialize"),
            (Elected(vs).Status, Elected(vs).Reason, Elected(vs).Message));
        Assert.Contains(cluster.Events, e => e is { Reason: "NoMaster", Type: ControllerEvent.Warning });
    }

    [Fact]
    public void Without_failover_there_is_no_election_to_report()
    {
        var cluster = Cluster(failover: null);
        cluster.AllAgentsReport();
        cluster.Step();

        var vs = cluster.Get("web");
        Assert.Null(vs.Status!.Failover);
        Assert.DoesNotContain(vs.Status.Conditions!, c => c.Type == ConditionTypes.DirectorElected);
    }

    [Fact]
    public void A_slice_reports_the_routers_of_its_own_group_and_is_rewritten_when_one_changes_state()
    {
        var slice = new NodeSlice
        {
            Metadata = new ObjectMeta { Name = "web.director", Namespace = "default", Generation = 1 },
            Spec = new NodeSliceSpec
            {
                NodeName = "director", VirtualService = "web",
                Addresses = [new SliceAddress { Interface = "lvs0", Address = "192.0.2.120" }],
                Failover = [new FailoverSlice { VirtualRouterId = 51, Priority = 100, AdvertisementInterval = "100ms", PreemptDelay = "0s", Addresses = ["192.0.2.120"] }],
            },
        };
        var other = Router(FailoverRouterState.Master, T0) with { VirtualRouterId = 52 };
        CycleReport Cycle(FailoverRouterState state) => new(new Plan([], []), []) { Failover = [Router(state, T0), other] };

        var (_, status) = Assert.Single(SliceReports.For([slice], Cycle(FailoverRouterState.Backup), T0));
        Assert.Equal([Router(FailoverRouterState.Backup, T0)], status.Failover);

        slice = slice with { Status = status };
        Assert.Empty(SliceReports.For([slice], Cycle(FailoverRouterState.Backup), T0));
        var (_, after) = Assert.Single(SliceReports.For([slice], Cycle(FailoverRouterState.Master), T0));
        Assert.Equal(FailoverRouterState.Master, after.Failover!.Single().State);
    }
}
