using LvsOperator.Core.Resources;

namespace LvsOperator.Kubernetes.Informers;

/// <summary>
/// The informer's thread-safe store keyed by namespace/name. Writes return the change they made, so the
/// informer notifies exactly what the cache went through.
/// </summary>
internal sealed class InformerCache<T>
    where T : class, IKubernetesObject
{
    private readonly Lock gate = new();
    private readonly Dictionary<ObjectKey, T> items = [];

    public T? Get(ObjectKey key)
    {
        lock (gate)
        {
            return items.GetValueOrDefault(key);
        }
    }

    public IReadOnlyList<T> List(string? @namespace)
    {
        lock (gate)
        {
            return @namespace is null
                ? [.. items.Values]
                : [.. items.Values.Where(v => v.Metadata.Namespace == @namespace)];
        }
    }

    public ResourceChange<T> Upsert(T value)
    {
        lock (gate)
        {
            var key = ObjectKey.Of(value);
            var old = items.GetValueOrDefault(key);
            items[key] = value;
            return old is null
                ? new ResourceChange<T>(ResourceChangeType.Added, null, value)
                : new ResourceChange<T>(ResourceChangeType.Updated, old, value);
        }
    }

    /// <summary>The watch's final copy is the object's last state; the cached one stands in when absent.</summary>
    public ResourceChange<T> Remove(T finalState)
    {
        lock (gate)
        {
            items.Remove(ObjectKey.Of(finalState));
            return new ResourceChange<T>(ResourceChangeType.Deleted, finalState, null);
        }
    }

    /// <summary>
    /// Swaps in a fresh list. What vanished becomes a delete with its cached state, what is new an add,
    /// and what carries another resourceVersion an update; the rest changed nothing.
    /// </summary>
    public IReadOnlyList<ResourceChange<T>> Replace(IReadOnlyList<T> fresh)
    {
        lock (gate)
        {
            var changes = new List<ResourceChange<T>>();
            var freshKeys = new HashSet<ObjectKey>();
            foreach (var value in fresh)
            {
                var key = ObjectKey.Of(value);
                freshKeys.Add(key);
                if (!items.TryGetValue(key, out var old))
                {
                    changes.Add(new ResourceChange<T>(ResourceChangeType.Added, null, value));
                }
                else if (old.Metadata.ResourceVersion != value.Metadata.ResourceVersion)
                {
                    changes.Add(new ResourceChange<T>(ResourceChangeType.Updated, old, value));
                }

                items[key] = value;
            }

            foreach (var (key, old) in items.Where(p => !freshKeys.Contains(p.Key)).ToList())
            {
                items.Remove(key);
                changes.Add(new ResourceChange<T>(ResourceChangeType.Deleted, old, null));
            }

            return changes;
        }
    }
}
