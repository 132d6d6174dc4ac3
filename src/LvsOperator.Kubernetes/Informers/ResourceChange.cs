using LvsOperator.Core.Resources;

namespace LvsOperator.Kubernetes.Informers;

/// <summary>
/// One change the informer's cache went through. <see cref="Old"/> is absent for an add; for a delete it is
/// the object's last state (the watch's final copy, or the cached one when the delete happened while
/// disconnected and was found by a relist); <see cref="New"/> is absent for a delete.
/// </summary>
public sealed record ResourceChange<T>(ResourceChangeType Type, T? Old, T? New)
    where T : class, IKubernetesObject
{
    /// <summary>The object as it now is, or as it last was when deleted.</summary>
    public T Current => New ?? Old ?? throw new InvalidOperationException("a change carries an object");

    public ObjectKey Key => ObjectKey.Of(Current);
}
