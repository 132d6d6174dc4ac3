using LvsOperator.Core.Resources;

namespace LvsOperator.Core.Compilation;

/// <summary>
/// Which VirtualServices' shares hold each key of a node's state, in name order (the order a whole merge takes them
/// in), and the keys whose holders changed since they were last taken.
/// </summary>
internal sealed class Holders<TKey> where TKey : notnull
{
    private readonly Dictionary<TKey, SortedSet<ResourceRef>> _holders = [];
    private HashSet<TKey> _touched = [];

    public void Track(ResourceRef self, IEnumerable<TKey> keys, bool hold)
    {
        foreach (var key in keys)
        {
            _touched.Add(key);
            if (hold)
            {
                if (!_holders.TryGetValue(key, out var holders)) _holders[key] = holders = [];
                holders.Add(self);
            }
            else if (_holders.TryGetValue(key, out var holders) && holders.Remove(self) && holders.Count == 0)
                _holders.Remove(key);
        }
    }

    public bool Holds(TKey key) => _holders.ContainsKey(key);

    public IEnumerable<ResourceRef> Of(TKey key) => _holders.TryGetValue(key, out var holders) ? holders : [];

    /// <summary>The last holder, whose value a whole merge keeps; every share may hold a key (the director's link).</summary>
    public ResourceRef Last(TKey key) => _holders[key].Max;

    public IReadOnlySet<TKey> TakeTouched()
    {
        var touched = _touched;
        _touched = [];
        return touched;
    }
}
