using LvsOperator.Core.Resources;

namespace LvsOperator.Core.Compilation.Incremental;

/// <summary>
/// Which VirtualServices read an object: the Service they name, the RealServers their selector picks in their
/// namespace, the nodes their director selector matches. An event on an object maps through here to the keys it touches.
/// </summary>
internal sealed class DependentIndex
{
    private static readonly IReadOnlyDictionary<string, string> NoSelector = new Dictionary<string, string>();
    private readonly Dictionary<(string Namespace, string Name), HashSet<ResourceRef>> _byService = [];
    private readonly Dictionary<string, HashSet<ResourceRef>> _selecting = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (IReadOnlyDictionary<string, string> Selector, HashSet<ResourceRef> Members)> _byDirectors =
        new(StringComparer.Ordinal);

    public void Add(VirtualService vs)
    {
        var self = ResourceRef.Of(vs);
        if (ServiceOf(vs) is { } service) Set(_byService, service).Add(self);
        if (vs.Spec.RealServers?.Selector is not null) Set(_selecting, self.Namespace).Add(self);
        var selector = vs.Spec.Directors?.NodeSelector ?? NoSelector;
        var key = SelectorKey(selector);
        if (!_byDirectors.TryGetValue(key, out var group)) _byDirectors[key] = group = (selector, []);
        group.Members.Add(self);
    }

    public void Remove(VirtualService vs)
    {
        var self = ResourceRef.Of(vs);
        if (ServiceOf(vs) is { } service && _byService.TryGetValue(service, out var users)) users.Remove(self);
        if (_selecting.TryGetValue(self.Namespace, out var selecting)) selecting.Remove(self);
        if (_byDirectors.TryGetValue(SelectorKey(vs.Spec.Directors?.NodeSelector ?? NoSelector), out var group))
            group.Members.Remove(self);
    }

    /// <summary>The VirtualServices backed by this Service.</summary>
    public IEnumerable<ResourceRef> UsersOf(string @namespace, string name) =>
        _byService.TryGetValue((@namespace, name), out var users) ? users : [];

    /// <summary>The VirtualServices whose selector picks a RealServer in this namespace with any of these label sets.</summary>
    public IEnumerable<ResourceRef> Selecting(string @namespace, Func<ResourceRef, VirtualService> lookup, params IReadOnlyDictionary<string, string>?[] labels) =>
        _selecting.TryGetValue(@namespace, out var candidates)
            ? candidates.Where(vs => labels.Any(l => lookup(vs).Spec.RealServers!.Selector!.Matches(l)))
            : [];

    /// <summary>The VirtualServices a node with any of these label sets directs.</summary>
    public IEnumerable<ResourceRef> DirectedBy(params IReadOnlyDictionary<string, string>?[] labels) =>
        _byDirectors.Values.Where(g => labels.Any(l => l is not null && g.Selector.All(p => l.TryGetValue(p.Key, out var v) && v == p.Value)))
            .SelectMany(g => g.Members);

    public static (string, string)? ServiceOf(VirtualService vs) =>
        vs.Spec.RealServers?.Service is { } service ? (vs.Metadata.Namespace ?? "", service.Name) : null;

    private static string SelectorKey(IReadOnlyDictionary<string, string> selector) => selector.Count == 0 ? "" :
        string.Join("\n", selector.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));

    private static HashSet<ResourceRef> Set<TKey>(Dictionary<TKey, HashSet<ResourceRef>> index, TKey key) where TKey : notnull =>
        index.TryGetValue(key, out var set) ? set : index[key] = [];
}
