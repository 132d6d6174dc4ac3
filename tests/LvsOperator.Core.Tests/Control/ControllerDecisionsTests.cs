using LvsOperator.Core.Compilation;
using LvsOperator.Core.Control;
using LvsOperator.Core.Resources;
using static LvsOperator.Core.Tests.Make;

namespace LvsOperator.Core.Tests.Control;

public sealed class ControllerDecisionsTests
{
    private static ClusterModel SeedCluster()
    {
        var cluster = new ClusterModel(Node("director-a"), Node("director-b"));
        cluster.RealServers.AddRange(SeedRealServers);
        cluster.Add(Vs("web", SeedSpec));
        return cluster;
    }

    private static Condition Condition(VirtualService vs, string type) => vs.Status!.Conditions!.Single(c => c.Type == type);

    [Fact]
    public void A_new_virtual_service_gets_the_finalizer_and_one_slice_per_node_that_holds_part_of_it()
    {
        var cluster = SeedCluster();

        var output = cluster.Step();

        Assert.Equal([ControllerDecisions.Finalizer], cluster.Get("web").Metadata.Finalizers);
        Assert.All(output.Slices, c => Assert.Equal(SliceChangeKind.Create, c.Kind));
        Assert.Equal(
            ["web.director-a", "web.director-b", "web.node-102", "web.node-103", "web.node-104"],
            cluster.Slices.Select(s => s.Metadata.Name).Order(StringComparer.Ordinal));
        var slice = cluster.Slices.Single(s => s.Metadata.Name == "web.director-a");
        Assert.Equal(("director-a", "web", "default"), (slice.Spec.NodeName, slice.Spec.VirtualService, slice.Metadata.Namespace));
        Assert.Equal(3, slice.Spec.Services.Single().Destinations.Count);
        var owner = Assert.Single(slice.Metadata.OwnerReferences!);
        Assert.Equal((ResourceKinds.VirtualService, "web", cluster.Get("web").Metadata.Uid, true), (owner.Kind, owner.Name, owner.Uid, owner.Controller));
        Assert.Equal(ControllerDecisions.ManagedByValue, slice.Metadata.Labels![ControllerDecisions.ManagedByLabel]);
    }

    [Fact]
    public void Programmed_waits_for_every_node_to_report_the_current_generation()
    {
        var cluster = SeedCluster();
        cluster.Step();
        var pending = Condition(cluster.Get("web"), ConditionTypes.Programmed);
        Assert.Equal((ConditionStatus.False, "Pending"), (pending.Status, pending.Reason));
        Assert.Equal(ConditionStatus.True, Condition(cluster.Get("web"), ConditionTypes.Accepted).Status);

        cluster.AgentReports("director-a");
        cluster.Step();
        Assert.Contains("director-b", Condition(cluster.Get("web"), ConditionTypes.Programmed).Message, StringComparison.Ordinal);

        cluster.AllAgentsReport();
        cluster.Step();
        var vs = cluster.Get("web");
        var programmed = Condition(vs, ConditionTypes.Programmed);
        Assert.Equal((ConditionStatus.True, "Programmed"), (programmed.Status, programmed.Reason));
        Assert.Equal("programmed on 5 nodes: director-a, director-b, node-102, node-103, node-104", programmed.Message);
        Assert.Equal((1L, "3/3"), (vs.Status!.ObservedGeneration, vs.Status.Ready));
        Assert.Contains(cluster.Events, e => e is { Reason: "Programmed", Type: ControllerEvent.Normal });
    }

    [Fact]
    public void A_settled_cluster_asks_for_no_writes_at_all()
    {
        var cluster = SeedCluster();
        cluster.Step();
        cluster.AllAgentsReport();
        cluster.Step();

        var output = cluster.Decide();

        Assert.Equal((0, 0, 0, 0, 0), (output.Slices.Count, output.VirtualServiceStatuses.Count, output.RealServerStatuses.Count, output.Finalizers.Count, output.Events.Count));
    }

    [Fact]
    public void Health_checks_travel_in_the_slices_and_a_settled_cluster_with_them_asks_for_nothing()
    {
        var cluster = new ClusterModel(Node("director-a"));
        var check = new HealthCheck { Type = HealthCheckType.Http, Http = new HealthCheckHttp { Path = "/healthz", ExpectedStatuses = ["200", "204"] } };
        cluster.RealServers.AddRange(SeedRealServers);
        cluster.RealServers[0] = cluster.RealServers[0] with { Spec = cluster.RealServers[0].Spec with { HealthCheck = new HealthCheckOverride { Port = 9000 } } };
        cluster.Add(Vs("web", SeedSpec with { HealthCheck = check }));
        cluster.Step();
        cluster.AllAgentsReport();
        cluster.Step();

        var service = cluster.Slices.Single(s => s.Metadata.Name == "web.director-a").Spec.Services.Single();
        Assert.Equal(["200", "204"], service.HealthCheck!.Http!.ExpectedStatuses);
        Assert.Equal([9000, null, null], service.Destinations.Select(d => d.HealthCheck?.Port));
        var output = cluster.Decide();
        Assert.Empty(output.Slices);
        Assert.Empty(output.VirtualServiceStatuses);
    }

    [Fact]
    public void A_real_server_a_director_holds_down_shows_in_status_and_events_until_it_comes_back()
    {
        var cluster = SeedCluster();
        cluster.Step();
        cluster.AllAgentsReport();
        cluster.Step();
        var down = new UnhealthyRealServer { Service = "TCP 192.0.2.120:10087", Address = "198.18.0.103", Port = 10087, Reason = "connection refused" };

        cluster.AgentReports("director-a", unhealthy: [down]);
        cluster.Step();

        var vs = cluster.Get("web");
        Assert.Equal([down with { Node = "director-a" }], vs.Status!.UnhealthyRealServers);
        Assert.Equal("2/3", vs.Status.Ready);
        var degraded = Condition(vs, ConditionTypes.Degraded);
        Assert.Equal((ConditionStatus.True, "RealServersDown"), (degraded.Status, degraded.Reason));
        Assert.Equal("198.18.0.103:10087 of TCP 192.0.2.120:10087 is down on director-a (connection refused)", degraded.Message);
        Assert.Contains(cluster.Events, e => e is { Reason: "RealServerDown", Type: ControllerEvent.Warning, Message: "198.18.0.103:10087 of TCP 192.0.2.120:10087 is down on director-a: connection refused" });
        Assert.Empty(cluster.Decide().VirtualServiceStatuses); // reported once, not on every pass
        Condition RsHealthy(string name) => cluster.RealServers.Single(r => r.Metadata.Name == name).Status!.Conditions!.Single(c => c.Type == ConditionTypes.Healthy);
        Assert.Equal((ConditionStatus.False, "CheckFailing", "down on director-a for TCP 192.0.2.120:10087: connection refused"),
            (RsHealthy("rs-103").Status, RsHealthy("rs-103").Reason, RsHealthy("rs-103").Message));
        Assert.Equal(ConditionStatus.True, RsHealthy("rs-102").Status);

        cluster.AgentReports("director-a");
        cluster.Step();

        vs = cluster.Get("web");
        Assert.Null(vs.Status!.UnhealthyRealServers);
        Assert.Equal(("3/3", ConditionStatus.False), (vs.Status.Ready, Condition(vs, ConditionTypes.Degraded).Status));
        Assert.Contains(cluster.Events, e => e is { Reason: "RealServerUp", Type: ControllerEvent.Normal });
        Assert.Equal(ConditionStatus.True, RsHealthy("rs-103").Status);
    }

    [Fact]
    public void A_weight_change_rewrites_only_the_directors_slices_and_programmed_goes_back_to_pending()
    {
        var cluster = SeedCluster();
        cluster.Step();
        cluster.AllAgentsReport();
        cluster.Step();
        var i = cluster.RealServers.FindIndex(r => r.Metadata.Name == "rs-103");
        cluster.RealServers[i] = cluster.RealServers[i] with { Spec = cluster.RealServers[i].Spec with { Weight = 5 } };

        var output = cluster.Step();

        Assert.Equal(["web.director-a", "web.director-b"], output.Slices.Select(c => c.Slice.Metadata.Name).Order(StringComparer.Ordinal));
        Assert.All(output.Slices, c => Assert.Equal(SliceChangeKind.Update, c.Kind));
        Assert.Equal("Pending", Condition(cluster.Get("web"), ConditionTypes.Programmed).Reason);
    }

    [Fact]
    public void A_failed_node_is_named_in_programmed()
    {
        var cluster = SeedCluster();
        cluster.Step();
        cluster.AllAgentsReport();
        cluster.AgentReports("director-b", failure: "ip_vs: scheduler wrr not available");

        cluster.Step();

        var programmed = Condition(cluster.Get("web"), ConditionTypes.Programmed);
        Assert.Equal((ConditionStatus.False, "ProgrammingFailed"), (programmed.Status, programmed.Reason));
        Assert.Equal("director-b: ip_vs: scheduler wrr not available", programmed.Message);
        Assert.Contains(cluster.Events, e => e is { Reason: "ProgrammingFailed", Type: ControllerEvent.Warning });
    }

    [Fact]
    public void An_edit_that_does_not_compile_is_rejected_and_the_nodes_keep_what_they_had()
    {
        var cluster = SeedCluster();
        cluster.Step();
        var before = cluster.Slices.ToList();

        // Port mapping needs NAT: only the controller, which sees the RealServers, can tell.
        cluster.Edit("web", spec => spec with { Forwarding = new Forwarding { Method = ForwardingMethod.DirectRouting } });
        var i = cluster.RealServers.FindIndex(r => r.Metadata.Name == "rs-103");
        cluster.RealServers[i] = cluster.RealServers[i] with { Spec = cluster.RealServers[i].Spec with { Port = 8080 } };
        cluster.Edit("web", spec => spec with { Scheduler = new Scheduler { Name = "no-such" } });
        var output = cluster.Step();

        Assert.Empty(output.Slices);
        Assert.Equal(before, cluster.Slices);
        var accepted = Condition(cluster.Get("web"), ConditionTypes.Accepted);
        Assert.Equal((ConditionStatus.False, "Invalid"), (accepted.Status, accepted.Reason));
        Assert.Contains("scheduler", accepted.Message, StringComparison.Ordinal);
        Assert.Equal("NotAccepted", Condition(cluster.Get("web"), ConditionTypes.Programmed).Reason);
        Assert.Contains(output.Events, e => e is { Reason: "Invalid", Type: ControllerEvent.Warning });
    }

    [Fact]
    public void The_newer_of_two_virtual_services_on_one_vip_is_rejected_with_the_conflict()
    {
        var cluster = SeedCluster();
        cluster.Now += TimeSpan.FromMinutes(1);
        cluster.Add(Vs("copy", SeedSpec));

        cluster.Step();

        var accepted = Condition(cluster.Get("copy"), ConditionTypes.Accepted);
        Assert.Equal((ConditionStatus.False, "VipConflict"), (accepted.Status, accepted.Reason));
        Assert.DoesNotContain(cluster.Slices, s => s.Spec.VirtualService == "copy");
        Assert.Equal(ConditionStatus.True, Condition(cluster.Get("web"), ConditionTypes.Accepted).Status);
    }

    [Fact]
    public void A_missing_service_degrades_with_a_reason_and_an_event_and_nothing_is_programmed_until_it_appears()
    {
        var cluster = new ClusterModel();
        cluster.Add(Vs("api", SeedSpec with
        {
            Forwarding = new Forwarding { Method = ForwardingMethod.Masquerade },
            RealServers = new RealServerSource { Service = new ServiceReference { Name = "absent" } },
        }));

        cluster.Step();

        Assert.Empty(cluster.Slices);
        var degraded = Condition(cluster.Get("api"), ConditionTypes.Degraded);
        Assert.Equal((ConditionStatus.True, "ServiceNotFound", "Service default/absent not found"), (degraded.Status, degraded.Reason, degraded.Message));
        Assert.Contains(cluster.Events, e => e is { Reason: "ServiceNotFound", Type: ControllerEvent.Warning });
        var programmed = Condition(cluster.Get("api"), ConditionTypes.Programmed);
        Assert.Equal((ConditionStatus.False, "ServiceNotFound"), (programmed.Status, programmed.Reason));
        Assert.Equal(ConditionStatus.True, Condition(cluster.Get("api"), ConditionTypes.Accepted).Status);

        cluster.Services.Add(new ServiceBackends("default", "absent", [new ServicePortInfo("http", 10087, Protocol.Tcp)],
            [new EndpointInfo("198.18.0.50", new Dictionary<string, int> { ["http"] = 8080 })]));
        cluster.Step();
        cluster.AllAgentsReport();
        cluster.Step();

        var destination = cluster.Slices.Single().Spec.Services.Single().Destinations.Single();
        Assert.Equal(("198.18.0.50", 8080), (destination.Address, destination.Port));
        Assert.Equal(ConditionStatus.True, Condition(cluster.Get("api"), ConditionTypes.Programmed).Status);
        Assert.Equal((ConditionStatus.False, "AsExpected"), (Condition(cluster.Get("api"), ConditionTypes.Degraded).Status, Condition(cluster.Get("api"), ConditionTypes.Degraded).Reason));
    }

    [Fact]
    public void A_service_without_a_ready_endpoint_degrades_and_keeps_its_vip_until_one_is_ready()
    {
        var cluster = new ClusterModel();
        cluster.Add(Vs("api", SeedSpec with
        {
            Forwarding = new Forwarding { Method = ForwardingMethod.Masquerade },
            RealServers = new RealServerSource { Service = new ServiceReference { Name = "api" } },
        }));
        var ports = new[] { new ServicePortInfo("http", 10087, Protocol.Tcp) };
        var endpoint = new EndpointInfo("198.18.0.50", new Dictionary<string, int> { ["http"] = 8080 }, Ready: false, Serving: false);
        cluster.Services.Add(new ServiceBackends("default", "api", ports, [endpoint]));

        cluster.Step();
        cluster.AllAgentsReport();
        cluster.Step();

        var degraded = Condition(cluster.Get("api"), ConditionTypes.Degraded);
        Assert.Equal((ConditionStatus.True, Problem.NoReadyEndpoints, "Service default/api has no ready endpoint for port 10087"),
            (degraded.Status, degraded.Reason, degraded.Message));
        Assert.Contains(cluster.Events, e => e is { Reason: Problem.NoReadyEndpoints, Type: ControllerEvent.Warning });
        var slice = cluster.Slices.Single();
        Assert.Empty(slice.Spec.Services.Single().Destinations);
        Assert.Single(slice.Spec.Addresses);

        cluster.Services.Clear();
        cluster.Services.Add(new ServiceBackends("default", "api", ports, [endpoint with { Ready = true, Serving = true }]));
        cluster.Step();

        Assert.Equal((ConditionStatus.False, "AsExpected"), (Condition(cluster.Get("api"), ConditionTypes.Degraded).Status, Condition(cluster.Get("api"), ConditionTypes.Degraded).Reason));
        Assert.Equal("198.18.0.50", cluster.Slices.Single().Spec.Services.Single().Destinations.Single().Address);
    }

    [Fact]
    public void A_service_deleted_under_a_programmed_virtual_service_takes_its_vip_off_the_directors()
    {
        var cluster = new ClusterModel();
        cluster.Services.Add(new ServiceBackends("default", "api", [new ServicePortInfo("http", 10087, Protocol.Tcp)],
            [new EndpointInfo("198.18.0.50", new Dictionary<string, int> { ["http"] = 8080 })]));
        cluster.Add(Vs("api", SeedSpec with
        {
            Forwarding = new Forwarding { Method = ForwardingMethod.Masquerade },
            RealServers = new RealServerSource { Service = new ServiceReference { Name = "api" } },
        }));
        cluster.Step();
        Assert.Single(cluster.Slices);

        cluster.Services.Clear();
        var output = cluster.Step();

        Assert.Equal([SliceChangeKind.Delete], output.Slices.Select(c => c.Kind));
        Assert.Empty(cluster.Slices);
    }

    [Fact]
    public void No_matching_director_is_reported()
    {
        var cluster = new ClusterModel(Node("worker"));
        cluster.RealServers.AddRange(SeedRealServers);
        cluster.Add(Vs("web", SeedSpec with { Directors = new DirectorSelection { NodeSelector = new Dictionary<string, string> { ["lvsoperator.io/director"] = "true" } } }));

        cluster.Step();

        Assert.Equal("NoDirector", Condition(cluster.Get("web"), ConditionTypes.Degraded).Reason);
    }

    [Fact]
    public void Deletion_empties_the_slices_and_lets_go_only_when_every_node_has_drained()
    {
        var cluster = SeedCluster();
        cluster.Step();
        cluster.AllAgentsReport();
        cluster.Step();

        cluster.Delete("web");
        cluster.Step();
        Assert.All(cluster.Slices, s => Assert.True(s.Spec.Services.Count == 0 && s.Spec.Addresses.Count == 0));
        Assert.Equal(5, cluster.Slices.Count);

        cluster.AllAgentsReport();
        cluster.AgentReports("director-a", draining: true);
        cluster.Step();
        Assert.Single(cluster.VirtualServices);

        cluster.AgentReports("director-a");
        cluster.Step();
        Assert.Empty(cluster.VirtualServices);
        Assert.Empty(cluster.Slices);
        Assert.Contains(cluster.Events, e => e.Reason == "CleanedUp");
    }

    [Fact]
    public void A_node_that_is_gone_does_not_hold_a_deletion()
    {
        var cluster = SeedCluster();
        cluster.Step();
        cluster.Delete("web");
        cluster.Step();
        foreach (var node in new[] { "director-a", "node-102", "node-103", "node-104" }) cluster.AgentReports(node);
        cluster.Step();
        Assert.Single(cluster.VirtualServices);

        cluster.GoneNodes.Add("director-b");
        cluster.Step();

        Assert.Empty(cluster.VirtualServices);
        Assert.Empty(cluster.Slices);
    }

    [Fact]
    public void A_slice_whose_virtual_service_is_gone_is_deleted()
    {
        var cluster = SeedCluster();
        cluster.Step();
        cluster.VirtualServices.Clear();

        var output = cluster.Step();

        Assert.Equal(5, output.Slices.Count(c => c.Kind == SliceChangeKind.Delete));
        Assert.Empty(cluster.Slices);
    }

    [Fact]
    public void A_real_server_reports_how_many_virtual_services_use_it()
    {
        var cluster = SeedCluster();
        cluster.Add(Vs("web-udp", SeedSpec with { Protocol = Protocol.Udp }));

        cluster.Step();

        var rs = cluster.RealServers.Single(r => r.Metadata.Name == "rs-102");
        Assert.Equal(2, rs.Status!.VirtualServices);
        Assert.Equal(ConditionStatus.True, rs.Status.Conditions!.Single(c => c.Type == ConditionTypes.Accepted).Status);
    }
}
