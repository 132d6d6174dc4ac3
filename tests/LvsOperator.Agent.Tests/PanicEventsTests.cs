using System.Net;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Resources;
using LvsOperator.Health;
using LvsOperator.Kubernetes.Models;

namespace LvsOperator.Agent.Tests;

/// <summary>The panic Event's pure parts: which VirtualService it is about, and what it says.</summary>
public sealed class PanicEventsTests
{
    private static readonly VirtualAddressKey Web = new(Protocol.Tcp, IPAddress.Parse("192.0.2.40"), 80);
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 2, 0, 0, TimeSpan.Zero);

    private static NodeSlice Slice(string ns, string virtualService, string vip, int port) => new()
    {
        Metadata = new ObjectMeta { Name = $"{virtualService}-node-a-0", Namespace = ns },
        Spec = new NodeSliceSpec
        {
            NodeName = "node-a",
            VirtualService = virtualService,
            Services = [new SliceService { Protocol = Protocol.Tcp, Address = vip, Port = port, Scheduler = "rr" }],
        },
    };

    [Fact]
    public void The_event_is_about_the_VirtualService_whose_slice_carries_the_service()
    {
        var slices = new[] { Slice("shop", "api", "192.0.2.40", 443), Slice("web", "front", "192.0.2.40", 80), Slice("x", "y", "192.0.2.41", 80) };

        var regarding = PanicEvents.Regarding(slices, Web);

        Assert.Equal(new ObjectReference { ApiVersion = "lvsoperator.io/v1alpha1", Kind = "VirtualService", Namespace = "web", Name = "front" }, regarding);
    }

    [Fact]
    public void A_service_no_slice_carries_any_more_has_nothing_to_report_on()
    {
        Assert.Null(PanicEvents.Regarding([Slice("shop", "api", "192.0.2.40", 443)], Web));
        Assert.Null(PanicEvents.Regarding([], Web));
    }

    [Fact]
    public void Entering_panic_is_a_Warning_with_the_weights_and_the_node()
    {
        var regarding = PanicEvents.Regarding([Slice("web", "front", "192.0.2.40", 80)], Web)!;

        var e = PanicEvents.For(new PanicTransition(Web, InPanic: true, HealthyWeight: 1, TotalWeight: 4), regarding, "director-a", Now);

        Assert.Equal((EventsV1Event.Warning, "HealthPanic"), (e.Type, e.Reason));
        Assert.Equal(("web", "front"), (e.Metadata.Namespace, e.Regarding!.Name));
        Assert.StartsWith("front.", e.Metadata.Name, StringComparison.Ordinal);
        Assert.Equal(("lvsoperator.io/agent", "director-a", Now), (e.ReportingController, e.ReportingInstance, e.EventTime));
        Assert.StartsWith("TCP 192.0.2.40:80 on director-a: 1 of 4 weight healthy, below the panic threshold", e.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Leaving_panic_is_Normal()
    {
        var regarding = PanicEvents.Regarding([Slice("web", "front", "192.0.2.40", 80)], Web)!;

        var e = PanicEvents.For(new PanicTransition(Web, InPanic: false, HealthyWeight: 3, TotalWeight: 4), regarding, "director-a", Now);

        Assert.Equal((EventsV1Event.Normal, "HealthPanicEnded"), (e.Type, e.Reason));
        Assert.Equal("TCP 192.0.2.40:80 on director-a: 3 of 4 weight healthy; health checks decide the weights again", e.Note);
    }
}
