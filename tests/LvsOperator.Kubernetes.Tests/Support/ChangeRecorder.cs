using System.Collections.Concurrent;
using LvsOperator.Core.Resources;
using LvsOperator.Kubernetes.Informers;

namespace LvsOperator.Kubernetes.Tests.Support;

/// <summary>Keeps every change an informer announced, in order.</summary>
internal sealed class ChangeRecorder<T>
    where T : class, IKubernetesObject
{
    private readonly ConcurrentQueue<ResourceChange<T>> changes = new();

    public IReadOnlyList<ResourceChange<T>> Changes => [.. changes];

    public void Record(ResourceChange<T> change) => changes.Enqueue(change);

    public bool Saw(ResourceChangeType type, string name) => changes.Any(c => c.Type == type && c.Key.Name == name);

    public int Count(ResourceChangeType type, string name) => changes.Count(c => c.Type == type && c.Key.Name == name);

    public void Clear() => changes.Clear();
}
