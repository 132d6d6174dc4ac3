using LvsOperator.Core.Kernel;
using LvsOperator.Core.Publishing;
using LvsOperator.Core.Resources;
using LvsOperator.Health;
using LvsOperator.Kubernetes.Models;

namespace LvsOperator.Agent;

/// <summary>
/// The Kubernetes Event for a service entering or leaving health panic mode (<see cref="HealthPanic"/>, issue 15),
/// about the VirtualService the service came from, so <c>kubectl describe virtualservice</c> shows it. Each
/// director checks on its own, so each reports its own transitions, named as the reporting instance.
/// </summary>
internal static class PanicEvents
{
    public const string ReportingController = "lvsoperator.io/agent";
    public const string Entered = "HealthPanic";
    public const string Left = "HealthPanicEnded";

    /// <summary>
    /// The VirtualService of this node's slice that carries <paramref name="service"/>; null when no slice does any
    /// more (the VirtualService was deleted, and with it whatever would read the event).
    /// </summary>
    public static ObjectReference? Regarding(IEnumerable<NodeSlice> slices, ServiceKey service)
    {
        foreach (var slice in slices)
        {
            if (NodeSliceCodec.TryDecode(slice, out var share, out _) && share.Services.ContainsKey(service))
            {
                return new ObjectReference
                {
                    ApiVersion = ResourceKinds.ApiVersion, Kind = ResourceKinds.VirtualService,
                    Namespace = slice.Metadata.Namespace, Name = slice.Spec.VirtualService,
                };
            }
        }

        return null;
    }

    public static EventsV1Event For(PanicTransition transition, ObjectReference regarding, string node, DateTimeOffset now) => new()
    {
        Metadata = new ObjectMeta { Name = $"{regarding.Name}.{now.UtcTicks:x}", Namespace = regarding.Namespace },
        Regarding = regarding,
        Type = transition.InPanic ? EventsV1Event.Warning : EventsV1Event.Normal,
        Reason = transition.InPanic ? Entered : Left,
        Note = Note(transition, node),
        Action = "HealthCheck",
        ReportingController = ReportingController,
        ReportingInstance = node,
        EventTime = now,
    };

    /// <summary>A panic transition as <see cref="NodeEventWriter"/> writes it.</summary>
    public sealed record Transition(PanicTransition Panic) : INodeEvent
    {
        public string Subject => $"{Panic.Service} (in panic: {Panic.InPanic})";

        public IReadOnlyList<ObjectReference> Regarding(IEnumerable<NodeSlice> slices) =>
            PanicEvents.Regarding(slices, Panic.Service) is { } regarding ? [regarding] : [];

        public EventsV1Event For(ObjectReference regarding, string node, DateTimeOffset now) => PanicEvents.For(Panic, regarding, node, now);
    }

    private static string Note(PanicTransition t, string node) => t.InPanic
        ? $"{t.Service} on {node}: {t.HealthyWeight} of {t.TotalWeight} weight healthy, below the panic threshold; "
          + "health checks ignored, every real server keeps its configured weight"
        : $"{t.Service} on {node}: {t.HealthyWeight} of {t.TotalWeight} weight healthy; health checks decide the weights again";
}
