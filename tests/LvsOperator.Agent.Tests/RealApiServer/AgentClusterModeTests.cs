using System.Net;
using System.Text.Json.Nodes;
using LvsOperator.Core.Control;
using LvsOperator.Core.Planning;
using LvsOperator.Core.Publishing;
using LvsOperator.Core.Resources;
using LvsOperator.Kubernetes.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LvsOperator.Agent.Tests.RealApiServer;

/// <summary>
/// The agent's cluster mode (<see cref="ClusterSliceSource"/>) against kube-apiserver v1.36.2 with its own
/// ServiceAccount token: its list and watch select spec.nodeName on the server (the CRD's selectableFields), it
/// reports in status, and RBAC refuses it every write of a spec. The kernel side is left out: the cycle's report
/// is handed in as the reconcile loop would.
/// </summary>
[Collection(AgentCluster.Name)]
public sealed class AgentClusterModeTests(AgentClusterFixture cluster)
{
    private const string Ns = AgentClusterFixture.Namespace;

    private static NodeSlice Slice(string name, string node, string vip) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = Ns },
        Spec = new NodeSliceSpec
        {
            NodeName = node,
            VirtualService = name,
            Services = [new SliceService { Protocol = Protocol.Tcp, Address = vip, Port = 80, Scheduler = "rr" }],
            Addresses = [new SliceAddress { Interface = "lvs0", Address = vip }],
        },
    };

    private ClusterSliceSource Source(string node) => new(
        cluster.Agent, Options.Create(new AgentOptions { NodeName = node }), TimeProvider.System, NullLogger<ClusterSliceSource>.Instance);

    [Fact]
    public async Task Its_list_and_watch_see_only_its_nodes_slices_and_it_reports_in_their_status()
    {
        var slices = cluster.Admin.Resource(ResourceTypes.NodeSlices);
        await slices.CreateAsync(Slice("web", "agent-a", "192.0.2.1"));
        await slices.CreateAsync(Slice("api", "agent-a", "192.0.2.2"));
        await slices.CreateAsync(Slice("other", "agent-b", "192.0.2.3"));
        using var source = Source("agent-a");
        await source.StartAsync(CancellationToken.None);
        try
        {
            var listed = await Eventually.ValueAsync(() => source.Current, "the first full list");
            Assert.Equal(["192.0.2.1", "192.0.2.2"], listed.Addresses.Select(a => a.Address.ToString()).Order());

            // Through the watch: another node's new slice first, then this node's; only the second arrives.
            await slices.CreateAsync(Slice("late-b", "agent-b", "192.0.2.5"));
            await slices.CreateAsync(Slice("late", "agent-a", "192.0.2.4"));
            var watched = await Eventually.ValueAsync(() => source.Current is { Addresses.Count: 3 } s ? s : null, "this node's new slice");
            Assert.Equal(["192.0.2.1", "192.0.2.2", "192.0.2.4"], watched.Addresses.Select(a => a.Address.ToString()).Order());

            var conflict = new PlanConflict("service TCP 192.0.2.2:80", "already exists in the kernel and was not created by LvsOperator; it is left alone");
            await source.ReportAsync(watched, new CycleReport(new Plan([], [conflict]), []), CancellationToken.None);
            var web = await Eventually.ValueAsync(async () => (await slices.GetAsync(Ns, "web"))?.Status, "web's status, written with the agent's token");
            var api = await Eventually.ValueAsync(async () => (await slices.GetAsync(Ns, "api"))?.Status, "api's status");
            Assert.Equal(ConditionStatus.True, web.Conditions!.Single(c => c.Type == ConditionTypes.Programmed).Status);
            Assert.Equal(ConditionStatus.False, api.Conditions!.Single(c => c.Type == ConditionTypes.Programmed).Status);
            Assert.Equal(1, web.ObservedGeneration);
            Assert.Null((await slices.GetAsync(Ns, "other"))!.Status);
            Assert.Null((await slices.GetAsync(Ns, "late-b"))!.Status);
        }
        finally
        {
            await source.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task The_server_filters_by_spec_nodeName_for_the_agents_own_list()
    {
        await cluster.Admin.Resource(ResourceTypes.NodeSlices).CreateAsync(Slice("mine", "agent-c", "192.0.2.6"));
        await cluster.Admin.Resource(ResourceTypes.NodeSlices).CreateAsync(Slice("theirs", "agent-d", "192.0.2.7"));

        var listed = await cluster.Agent.Resource(ResourceTypes.NodeSlices).ListAsync(options: new ListOptions { FieldSelector = "spec.nodeName=agent-c" });
        Assert.Equal(["mine"], listed.Items.Select(s => s.Metadata.Name));
        // A field the CRD does not select on is refused by the server, not ignored.
        var error = await Assert.ThrowsAsync<KubeApiException>(() =>
            cluster.Agent.Resource(ResourceTypes.NodeSlices).ListAsync(options: new ListOptions { FieldSelector = "spec.virtualService=mine" }));
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
    }

    [Fact]
    public async Task Rbac_refuses_the_agent_every_write_of_a_spec_and_reads_beyond_its_slices()
    {
        var mine = await cluster.Admin.Resource(ResourceTypes.NodeSlices).CreateAsync(Slice("guarded", "agent-e", "192.0.2.8"));
        var slices = cluster.Agent.Resource(ResourceTypes.NodeSlices);
        var widened = mine with { Spec = mine.Spec with { Addresses = [new SliceAddress { Interface = "lvs0", Address = "192.0.2.9" }] } };

        await AssertForbidden(() => slices.ReplaceAsync(widened));
        await AssertForbidden(() => slices.MergePatchAsync(Ns, "guarded", new JsonObject { ["spec"] = new JsonObject { ["nodeName"] = "agent-f" } }));
        await AssertForbidden(() => slices.CreateAsync(Slice("forged", "agent-e", "192.0.2.10")));
        await AssertForbidden(() => slices.DeleteAsync(Ns, "guarded"));
        await AssertForbidden(() => slices.GetAsync(Ns, "guarded"));
        await AssertForbidden(() => cluster.Agent.Resource(ResourceTypes.VirtualServices).ListAsync());
        await AssertForbidden(() => cluster.Agent.Resource(ResourceTypes.Services).ListAsync());
        await AssertForbidden(() => cluster.Agent.Resource(ResourceTypes.VirtualServices).MergePatchStatusAsync(Ns, "guarded", new JsonObject { ["status"] = new JsonObject() }));

        var unchanged = (await cluster.Admin.Resource(ResourceTypes.NodeSlices).GetAsync(Ns, "guarded"))!;
        Assert.Equal(mine.Metadata.Generation, unchanged.Metadata.Generation);
        Assert.Equal("192.0.2.8", Assert.Single(unchanged.Spec.Addresses).Address);
    }

    private static async Task AssertForbidden(Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<KubeApiException>(call);
        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
    }
}
