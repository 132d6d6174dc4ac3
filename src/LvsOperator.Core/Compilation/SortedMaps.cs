using System.Collections.Immutable;

namespace LvsOperator.Core.Compilation;

/// <summary>
/// Small immutable sorted maps built through their builder: <c>ToImmutableSortedDictionary</c> goes through a
/// <see cref="SortedDictionary{TKey,TValue}"/> and a list first, and the compiler makes one per service and node.
/// </summary>
internal static class SortedMaps
{
    /// <summary>Keyed by <paramref name="key"/>; a key twice with another value throws, as <c>ToImmutableSortedDictionary</c> does.</summary>
    public static ImmutableSortedDictionary<TKey, TValue> Of<TSource, TKey, TValue>(
        IEnumerable<TSource> items, Func<TSource, TKey> key, Func<TSource, TValue> value, IComparer<TKey>? comparer = null)
        where TKey : notnull
    {
        var builder = ImmutableSortedDictionary.CreateBuilder<TKey, TValue>(comparer);
        foreach (var item in items) builder.Add(key(item), value(item));
        return builder.ToImmutable();
    }

    /// <summary>A sorted dictionary's entries, in its order, with its comparer.</summary>
    public static ImmutableSortedDictionary<TKey, TValue> Of<TKey, TValue>(SortedDictionary<TKey, TValue> items) where TKey : notnull
    {
        var builder = ImmutableSortedDictionary.CreateBuilder<TKey, TValue>(items.Comparer);
        foreach (var (key, value) in items) builder.Add(key, value);
        return builder.ToImmutable();
    }
}
