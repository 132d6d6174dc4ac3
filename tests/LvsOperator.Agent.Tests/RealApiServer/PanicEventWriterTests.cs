using System.Collections.Immutable;
using System.Net;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Resources;
using LvsOperator.Health;
using LvsOperator.Health.Checks;
using LvsOperator.Kubernetes.Client;
using LvsOperator.Kubernetes.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LvsOperator.Agent.Tests.RealApiServer;

/// <summary>
/// Panic mode as Kubernetes Events (issue 15), against kube-apiserver v1.36.2 with the agent's own token and
/// config/rbac: the scheduler's transition becomes a Warning on the VirtualService whose slice carries the
/// service, leaving it a Normal event, and a service no slice of this node carries writes nothing.
/// </summary>
[Collection(AgentCluster.Name)]
public sealed class PanicEventWriterTests(AgentClusterFixture cluster)
{
    private const string Ns = AgentClusterFixture.Namespace;

    // Checked on loopback ports nothing listens on, so the restored "down" verdicts stay down.
    private static readonly DestinationKey A = new(IPAddress.Loopback, 1);
    private static readonly DestinationKey B = new(IPAddress.Loopback, 2);

    private static NodeSlice Slice(string virtualService, string node, VirtualAddressKey service) => new()
    {
        Metadata = new ObjectMeta { Name = $"{virtualService}-{node}", Namespace = Ns },
        Spec = new NodeSliceSpec
        {
            NodeName = node,
            VirtualService = virtualService,
            Services =
            [
                new SliceService
                {
                    Protocol = Protocol.Tcp, Address = service.Address.ToString(), Port = service.Port, Scheduler = "rr",
                    Destinations = [Destination(A), Destination(B)],
                },
            ],
        },
    };

    private static SliceDestination Destination(DestinationKey d) =>
        new() { Address = d.Address.ToString(), Port = d.Port, Forwarding = ForwardingMethod.Masquerade, Weight = 1 };

    private static HealthCheckedService Checked(VirtualAddressKey service)
    {
        var destinations = new[] { new IpvsDestination(A, ForwardingMethod.Masquerade, 1), new IpvsDestination(B, ForwardingMethod.Masquerade, 1) }
            .ToImmutableSortedDictionary(d => d.Key, d => d);
        var check = new HealthCheck { Type = HealthCheckType.Tcp, Interval = "10s", Timeout = "1s", PanicThreshold = HealthCheck.DefaultPanicThreshold };
        return HealthCheckedService.From(new DesiredService(new IpvsService(service, "rr"), destinations, check), check);
    }

    private static HealthScheduler Scheduler() => new(
        new HealthCheckers(), TimeProvider.System, new HealthSchedulerOptions { JitterStart = false }, NullLogger<HealthScheduler>.Instance);

    private NodeEventWriter Writer(HealthScheduler scheduler, string node) => new(
        cluster.Agent, scheduler, null, Options.Create(new AgentOptions { NodeName = node }), TimeProvider.System, NullLogger<NodeEventWriter>.Instance);

    private async Task<IReadOnlyList<EventsV1Event>> EventsAboutAsync(string virtualService) =>
        (await cluster.Admin.Resource(ResourceTypes.Events).ListAsync(Ns)).Items.Where(e => e.Regarding?.Name == virtualService).ToList();

    [Fact]
    public async Task A_service_that_enters_panic_gets_a_Warning_on_its_VirtualService()
    {
        var service = new VirtualAddressKey(Protocol.Tcp, IPAddress.Parse("192.0.2.50"), 80);
        await cluster.Admin.Resource(ResourceTypes.NodeSlices).CreateAsync(Slice("panicky", "agent-p", service));
        await using var scheduler = Scheduler();
        using var writer = Writer(scheduler, "agent-p");
        await writer.StartAsync(CancellationToken.None);
        try
        {
            // A restart with both servers stored down: the first configuration starts the service in panic.
            scheduler.Restore(new Dictionary<HealthTargetKey, HealthState>
            {
                [new HealthTargetKey(service, A)] = HealthState.Down, [new HealthTargetKey(service, B)] = HealthState.Down,
            });
            scheduler.Configure([Checked(service)]);

            var events = await Eventually.ValueAsync(async () => await EventsAboutAsync("panicky") is [_, ..] e ? e : null, "the panic event");
            var e = Assert.Single(events);
            Assert.Equal((EventsV1Event.Warning, "HealthPanic", "agent-p"), (e.Type, e.Reason, e.ReportingInstance));
            Assert.Equal(("lvsoperator.io/v1alpha1", "VirtualService", Ns), (e.Regarding!.ApiVersion, e.Regarding.Kind, e.Regarding.Namespace));
            Assert.Contains("TCP 192.0.2.50:80 on agent-p: 0 of 2 weight healthy", e.Note, StringComparison.Ordinal);
        }
        finally
        {
            await writer.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Leaving_panic_is_a_Normal_event_and_a_service_without_a_slice_writes_none()
    {
        var service = new VirtualAddressKey(Protocol.Tcp, IPAddress.Parse("192.0.2.51"), 80);
        var elsewhere = new VirtualAddressKey(Protocol.Tcp, IPAddress.Parse("192.0.2.52"), 80);
        await cluster.Admin.Resource(ResourceTypes.NodeSlices).CreateAsync(Slice("calm", "agent-q", service));
        await cluster.Admin.Resource(ResourceTypes.NodeSlices).CreateAsync(Slice("other-node", "agent-r", elsewhere));
        await using var scheduler = Scheduler();
        using var writer = Writer(scheduler, "agent-q");

        var calm = new PanicTransition(service, InPanic: false, HealthyWeight: 2, TotalWeight: 2);
        Assert.True(await writer.WriteAsync(new PanicEvents.Transition(calm), CancellationToken.None));
        // Another node's slice carries it: this node's list does not see it, so there is nothing to report on.
        var panic = new PanicTransition(elsewhere, InPanic: true, HealthyWeight: 0, TotalWeight: 2);
        Assert.False(await writer.WriteAsync(new PanicEvents.Transition(panic), CancellationToken.None));

        var e = Assert.Single(await EventsAboutAsync("calm"));
        Assert.Equal((EventsV1Event.Normal, "HealthPanicEnded"), (e.Type, e.Reason));
        Assert.Empty(await EventsAboutAsync("other-node"));
    }
}
