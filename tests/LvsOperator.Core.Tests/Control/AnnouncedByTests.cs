using LvsOperator.Core.Resources;
using static LvsOperator.Core.Tests.Make;

namespace LvsOperator.Core.Tests.Control;

/// <summary>Issue 17: the VirtualService lists the directors that announce it, from their NodeSlices' reports.</summary>
public sealed class AnnouncedByTests
{
    private static ClusterModel Cluster(bool activeActive)
    {
        var cluster = new ClusterModel(Node("director-a"), Node("director-b"), Node("director-c"));
        cluster.RealServers.AddRange(SeedRealServers);
        var spec = SeedSpec with
        {
            Scheduler = new Scheduler { Name = "mh" },
            Persistence = null,
            ActiveActive = activeActive
                ? new ActiveActive { Bgp = new Bgp { LocalAsn = 64512, Peers = [new BgpPeer { Address = "192.0.2.1", Asn = 64500 }] } }
                : null,
        };
        cluster.Add(Vs("web", spec));
        cluster.Step();
        return cluster;
    }

    [Fact]
    public void The_directors_reporting_announced_are_listed_and_one_that_stops_leaves_the_list()
    {
        var cluster = Cluster(activeActive: true);
        cluster.AllAgentsReport();
        cluster.Step();
        Assert.Equal([], cluster.Get("web").Status!.AnnouncedBy!);

        cluster.AgentReports("director-c", announced: true);
        cluster.AgentReports("director-a", announced: true);
        cluster.Step();
        Assert.Equal(["director-a", "director-c"], cluster.Get("web").Status!.AnnouncedBy!);
        Assert.Empty(cluster.Decide().VirtualServiceStatuses); // written once, not on every pass

        cluster.AgentReports("director-a");
        cluster.Step();
        Assert.Equal(["director-c"], cluster.Get("web").Status!.AnnouncedBy!);
    }

    [Fact]
    public void A_service_that_is_not_active_active_lists_nothing()
    {
        var cluster = Cluster(activeActive: false);
        cluster.AgentReports("director-a", announced: true);
        cluster.Step();

        Assert.Null(cluster.Get("web").Status!.AnnouncedBy);
    }
}
