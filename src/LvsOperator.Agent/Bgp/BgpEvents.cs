using System.Net;
using LvsOperator.Core.Publishing;
using LvsOperator.Core.Resources;
using LvsOperator.Kubernetes.Models;

namespace LvsOperator.Agent.Bgp;

/// <summary>A BGP session of this director that was established and no longer is, or came up (issue 17).</summary>
internal sealed record BgpSessionChange(IPAddress Peer, string Family, bool Established);

/// <summary>
/// The Kubernetes Events of a director's BGP session lost or established, on every VirtualService of this node whose
/// slice announces to that peer, so <c>kubectl describe virtualservice</c> shows which director lost its router.
/// </summary>
internal static class BgpEvents
{
    public const string Lost = "BgpSessionLost";
    public const string Established = "BgpSessionEstablished";

    /// <summary>The VirtualServices of this node's slices with a session to <paramref name="peer"/>, each once.</summary>
    public static IReadOnlyList<ObjectReference> Regarding(IEnumerable<NodeSlice> slices, IPAddress peer) =>
        slices.Where(s => NodeSliceCodec.TryDecode(s, out var share, out _) && share.Bgp.Sessions.ContainsKey(peer))
            .Select(s => (s.Metadata.Namespace, s.Spec.VirtualService)).Distinct()
            .Select(v => new ObjectReference
            {
                ApiVersion = ResourceKinds.ApiVersion, Kind = ResourceKinds.VirtualService, Namespace = v.Namespace, Name = v.VirtualService,
            })
            .ToList();

    public static EventsV1Event For(BgpSessionChange change, ObjectReference regarding, string node, DateTimeOffset now) => new()
    {
        Metadata = new ObjectMeta { Name = $"{regarding.Name}.{now.UtcTicks:x}", Namespace = regarding.Namespace },
        Regarding = regarding,
        Type = change.Established ? EventsV1Event.Normal : EventsV1Event.Warning,
        Reason = change.Established ? Established : Lost,
        Note = change.Established
            ? $"{node}: BGP session with {change.Peer} ({change.Family}) established; the director's VIPs go out on it"
            : $"{node}: BGP session with {change.Peer} ({change.Family}) is no longer established; the peer no longer routes to this director",
        Action = "Announce",
        ReportingController = PanicEvents.ReportingController,
        ReportingInstance = node,
        EventTime = now,
    };

    /// <summary>A session change as <see cref="NodeEventWriter"/> writes it.</summary>
    public sealed record Change(BgpSessionChange Session) : INodeEvent
    {
        public string Subject => $"BGP session with {Session.Peer} ({Session.Family}, established: {Session.Established})";

        public IReadOnlyList<ObjectReference> Regarding(IEnumerable<NodeSlice> slices) => BgpEvents.Regarding(slices, Session.Peer);

        public EventsV1Event For(ObjectReference regarding, string node, DateTimeOffset now) => BgpEvents.For(Session, regarding, node, now);
    }
}
