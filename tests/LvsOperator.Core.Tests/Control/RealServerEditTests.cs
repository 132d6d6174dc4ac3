using LvsOperator.Core.Compilation;
using LvsOperator.Core.Control;
using LvsOperator.Core.Resources;
using static LvsOperator.Core.Tests.Make;

namespace LvsOperator.Core.Tests.Control;

/// <summary>A RealServer edit the controller refuses changes nothing on the nodes, as a refused VirtualService edit does.</summary>
public sealed class RealServerEditTests
{
    private static ClusterModel Settled()
    {
        var cluster = new ClusterModel(Node("director-a"), Node("director-b"));
        cluster.RealServers.AddRange(SeedRealServers);
        cluster.Add(Vs("web", SeedSpec));
        cluster.Step();
        cluster.AllAgentsReport();
        cluster.Step();
        return cluster;
    }

    private static Condition Accepted(ClusterModel cluster, string name) =>
        cluster.RealServers.Single(r => r.Metadata.Name == name).Status!.Conditions!.Single(c => c.Type == ConditionTypes.Accepted);

    private static IEnumerable<string> DirectorDestinations(ClusterModel cluster) =>
        cluster.Slices.Single(s => s.Metadata.Name == "web.director-a").Spec.Services.Single().Destinations.Select(d => $"{d.Address}:{d.Port}/{d.Weight}");

    [Fact]
    public void An_accepted_real_server_keeps_its_spec_in_status()
    {
        var cluster = Settled();

        var rs = cluster.RealServers.Single(r => r.Metadata.Name == "rs-103");

        Assert.Same(rs.Spec, rs.Status!.AcceptedSpec);
    }

    [Fact]
    public void A_port_mapping_on_a_dr_real_server_is_refused_and_the_nodes_keep_its_last_accepted_spec()
    {
        var cluster = Settled();
        var before = cluster.Slices.ToList();

        cluster.EditRealServer("rs-103", spec => spec with { Port = 8080 });
        var output = cluster.Step();

        Assert.Empty(output.Slices);
        Assert.Equal(before, cluster.Slices);
        Assert.Contains("198.18.0.103:10087/1", DirectorDestinations(cluster));
        Assert.Contains(cluster.Slices, s => s.Metadata.Name == "web.node-103");
        var accepted = Accepted(cluster, "rs-103");
        Assert.Equal((ConditionStatus.False, "Invalid"), (accepted.Status, accepted.Reason));
        Assert.EndsWith("; the nodes keep its last accepted spec", accepted.Message, StringComparison.Ordinal);
        Assert.Contains("port", accepted.Message, StringComparison.Ordinal);
        var rs = cluster.RealServers.Single(r => r.Metadata.Name == "rs-103");
        Assert.Null(rs.Status!.AcceptedSpec!.Port);
        Assert.Equal(1, rs.Status.VirtualServices);
        Assert.Equal("Programmed", cluster.Get("web").Status!.Conditions!.Single(c => c.Type == ConditionTypes.Programmed).Reason);
        Assert.Empty(cluster.Decide().RealServerStatuses); // reported once
    }

    [Fact]
    public void An_invalid_real_server_spec_is_refused_the_same_way()
    {
        var cluster = Settled();

        cluster.EditRealServer("rs-103", spec => spec with { Weight = 5, UpperThreshold = 10, LowerThreshold = 20 });
        var output = cluster.Step();

        Assert.Empty(output.Slices);
        Assert.Contains("198.18.0.103:10087/1", DirectorDestinations(cluster));
        Assert.Equal(ConditionStatus.False, Accepted(cluster, "rs-103").Status);
    }

    [Fact]
    public void The_edit_that_fixes_a_refused_one_is_programmed_and_becomes_the_accepted_spec()
    {
        var cluster = Settled();
        cluster.EditRealServer("rs-103", spec => spec with { Port = 8080 });
        cluster.Step();

        cluster.EditRealServer("rs-103", spec => spec with { Port = null, Weight = 5 });
        var output = cluster.Step();

        Assert.Equal(["web.director-a", "web.director-b"], output.Slices.Select(c => c.Slice.Metadata.Name).Order(StringComparer.Ordinal));
        Assert.Contains("198.18.0.103:10087/5", DirectorDestinations(cluster));
        Assert.Equal(ConditionStatus.True, Accepted(cluster, "rs-103").Status);
        Assert.Equal(5, cluster.RealServers.Single(r => r.Metadata.Name == "rs-103").Status!.AcceptedSpec!.Weight);
    }

    [Fact]
    public void A_refused_real_server_that_is_deleted_leaves_the_nodes()
    {
        var cluster = Settled();
        cluster.EditRealServer("rs-103", spec => spec with { Port = 8080 });
        cluster.Step();

        cluster.RealServers.RemoveAll(r => r.Metadata.Name == "rs-103");
        cluster.Step();

        Assert.DoesNotContain(DirectorDestinations(cluster), d => d.StartsWith("198.18.0.103:", StringComparison.Ordinal));
        Assert.DoesNotContain(cluster.Slices, s => s.Metadata.Name == "web.node-103");
    }

    [Fact]
    public void A_real_server_refused_from_its_first_version_is_not_programmed()
    {
        var cluster = new ClusterModel(Node("director-a"));
        cluster.RealServers.AddRange(SeedRealServers);
        cluster.RealServers[1] = cluster.RealServers[1] with { Spec = cluster.RealServers[1].Spec with { Port = 8080 } };
        cluster.Add(Vs("web", SeedSpec));

        cluster.Step();

        Assert.DoesNotContain(DirectorDestinations(cluster), d => d.StartsWith("198.18.0.103:", StringComparison.Ordinal));
        Assert.DoesNotContain(cluster.Slices, s => s.Metadata.Name == "web.node-103");
        Assert.Equal("Invalid", Accepted(cluster, "rs-103").Reason);
        Assert.DoesNotContain("keep", Accepted(cluster, "rs-103").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_last_accepted_spec_that_no_longer_fits_a_changed_virtual_service_is_left_out_of_it()
    {
        var cluster = Settled();
        cluster.EditRealServer("rs-103", spec => spec with { Port = 8080 });
        cluster.Step();

        // Every real server here is IPv4, the stand-in too: an IPv6 VirtualService can take none of them.
        cluster.Edit("web", spec => spec with { Addresses = ["2001:db8::120"] });
        cluster.Step();

        Assert.Empty(DirectorDestinations(cluster));
        Assert.Equal(ConditionStatus.False, Accepted(cluster, "rs-103").Status);
    }

    [Fact]
    public void The_compiler_alone_uses_the_accepted_spec_of_a_refused_real_server()
    {
        var servers = SeedRealServers;
        servers[1] = servers[1] with { Spec = servers[1].Spec with { Port = 8080 }, Status = new RealServerStatus { AcceptedSpec = servers[1].Spec } };

        var compiled = Compiler.Compile(Snapshot([Vs("web", SeedSpec)], servers), new CompilerOptions());

        Assert.Contains(compiled.Findings, f => f.Resource == ResourceRef.Of(servers[1]));
        Assert.Equal(3, compiled.ForNode("director").Services.Values.Single().Destinations.Count);
        Assert.Equal([ResourceRef.Of(servers[0]), ResourceRef.Of(servers[1]), ResourceRef.Of(servers[2])], compiled.VirtualServices.Values.Single().RealServers);
    }
}
