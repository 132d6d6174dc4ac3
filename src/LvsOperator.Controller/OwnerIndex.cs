using LvsOperator.Kubernetes.Informers;

namespace LvsOperator.Controller;

/// <summary>
/// Which cached objects belong to an owner (a Service's EndpointSlices, a VirtualService's NodeSlices), kept from
/// the informer's changes so a pass finds them without listing the cache. Safe across threads.
/// </summary>
public sealed class OwnerIndex<TOwner> where TOwner : struct
{
    private readonly Lock _gate = new();
    private readonly Dictionary<TOwner, HashSet<ObjectKey>> _owned = [];

    public void Move(ObjectKey key, TOwner? from, TOwner? to)
    {
        lock (_gate)
        {
            if (from is { } was && _owned.TryGetValue(was, out var before))
            {
                before.Remove(key);
                if (before.Count == 0) _owned.Remove(was);
            }

            if (to is { } now) (_owned.TryGetValue(now, out var after) ? after : _owned[now] = []).Add(key);
        }
    }

    public List<ObjectKey> Of(TOwner owner)
    {
        lock (_gate) return _owned.TryGetValue(owner, out var keys) ? [.. keys] : [];
    }

    public List<TOwner> Owners()
    {
        lock (_gate) return [.. _owned.Keys];
    }
}
