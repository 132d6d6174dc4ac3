using LvsOperator.Core.Resources;

namespace LvsOperator.Core.Control;

/// <summary>Everything the controller must write, each list already minimal: nothing in it is a no-op.</summary>
public sealed record ControllerOutput(
    IReadOnlyList<SliceChange> Slices,
    IReadOnlyList<StatusChange<VirtualServiceStatus>> VirtualServiceStatuses,
    IReadOnlyList<StatusChange<RealServerStatus>> RealServerStatuses,
    IReadOnlyList<FinalizerChange> Finalizers,
    IReadOnlyList<ControllerEvent> Events);

/// <summary>A NodeSlice to create, to update (<see cref="Slice"/> carries the resourceVersion it replaces), or to delete.</summary>
public sealed record SliceChange(SliceChangeKind Kind, NodeSlice Slice);

public enum SliceChangeKind { Create, Update, Delete }

/// <summary>
/// A status to write on a resource (<see cref="Resource"/> as read, so the write can carry its resourceVersion),
/// and the status it replaces, so that a merge patch can remove the fields the new one no longer has.
/// </summary>
public sealed record StatusChange<TStatus>(ResourceRef Target, ObjectMeta Resource, TStatus Status, TStatus? Previous = null)
    where TStatus : class;

/// <summary>Adds or removes the controller's finalizer on a VirtualService.</summary>
public sealed record FinalizerChange(ResourceRef Target, ObjectMeta Resource, bool Add);

/// <summary>A Kubernetes Event: <c>Normal</c> or <c>Warning</c>, a CamelCase reason and a message.</summary>
public sealed record ControllerEvent(ResourceRef Regarding, string Uid, string Type, string Reason, string Message)
{
    public const string Normal = "Normal";
    public const string Warning = "Warning";
}
