using LvsOperator.Core.Resources;
using LvsOperator.Kubernetes.Models;

namespace LvsOperator.Agent;

/// <summary>Something on this node that <see cref="NodeEventWriter"/> reports as Events on the VirtualServices it concerns.</summary>
internal interface INodeEvent
{
    /// <summary>What the log says when no event could be written.</summary>
    string Subject { get; }

    /// <summary>The VirtualServices of this node's slices the event is about; none when no slice concerns it any more.</summary>
    IReadOnlyList<ObjectReference> Regarding(IEnumerable<NodeSlice> slices);

    EventsV1Event For(ObjectReference regarding, string node, DateTimeOffset now);
}
