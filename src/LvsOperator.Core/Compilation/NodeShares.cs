using System.Collections.Immutable;
using LvsOperator.Core.Compilation.Incremental;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Resources;

namespace LvsOperator.Core.Compilation;

/// <summary>
/// One node's desired state kept current share by share (issue 14). <see cref="CompiledState.ForNode"/> merges every
/// VirtualService's share, which at 10,000 services costs more than compiling the change; this replaces only the
/// shares of the VirtualServices a compile returned and merges again only the keys those shares hold. After any
/// sequence of updates <see cref="State"/> equals <see cref="CompiledState.ForNode"/> of the last compile, and every
/// part no change reached is the same instance as before, so a reader may compare parts by reference first.
/// Not thread-safe: one owner updates it and reads it. No clock, logger or I/O.
/// </summary>
public sealed class NodeShares(string node)
{
    private readonly Holders<ServiceKey> _services = new();
    private readonly Holders<InterfaceAddress> _addresses = new();
    private readonly Holders<string> _links = new();
    private readonly Holders<string> _sysctls = new();
    private readonly Holders<byte> _failover = new();
    private readonly Holders<ServiceKey> _sourceNat = new();
    private readonly Holders<FouPortKey> _guePorts = new();
    private readonly SortedSet<ResourceRef> _bgp = [];
    private readonly Dictionary<ResourceRef, NodeDesiredState> _shares = [];
    private bool _bgpTouched;

    public string Node { get; } = node;

    public NodeDesiredState State { get; private set; } = NodeDesiredState.Empty;

    /// <summary>A node's shares of a whole compile: what a from-scratch pass starts from.</summary>
    public static NodeShares From(CompiledState compiled, string node)
    {
        var shares = new NodeShares(node);
        shares.Update(compiled, compiled.Fragments.Keys);
        return shares;
    }

    /// <summary>
    /// Takes this node's share of each of <paramref name="changed"/> (the keys an incremental compile returned;
    /// RealServers among them hold no share) from <paramref name="compiled"/>.
    /// </summary>
    /// <returns>The services whose desired state may have changed.</returns>
    public IReadOnlySet<ServiceKey> Update(CompiledState compiled, IEnumerable<ResourceRef> changed) =>
        Update(compiled.Fragments.GetValueOrDefault, changed);

    /// <summary>The same, reading each share from the compiler: its whole <c>State</c> lists every finding.</summary>
    public IReadOnlySet<ServiceKey> Update(IncrementalCompiler compiler, IEnumerable<ResourceRef> changed) =>
        Update(compiler.Fragment, changed);

    private IReadOnlySet<ServiceKey> Update(
        Func<ResourceRef, ImmutableSortedDictionary<string, NodeDesiredState>?> fragmentOf, IEnumerable<ResourceRef> changed)
    {
        foreach (var self in changed)
        {
            var now = fragmentOf(self)?.GetValueOrDefault(Node);
            var before = _shares.GetValueOrDefault(self);
            if (ReferenceEquals(now, before)) continue;
            if (before is not null) Track(self, before, hold: false);
            if (now is null) _shares.Remove(self);
            else
            {
                Track(self, now, hold: true);
                _shares[self] = now;
            }
        }

        var services = _services.TakeTouched();
        var previous = State;
        State = Merge(services);
        DesiredChanges.Derived(previous.Services, State.Services, services);
        return services;
    }

    private void Track(ResourceRef self, NodeDesiredState share, bool hold)
    {
        _services.Track(self, share.Services.Keys, hold);
        _addresses.Track(self, share.Addresses, hold);
        _links.Track(self, share.Links.Keys, hold);
        _sysctls.Track(self, share.Sysctls.Keys, hold);
        _failover.Track(self, share.Failover.Keys, hold);
        _sourceNat.Track(self, share.SourceNat, hold);
        _guePorts.Track(self, share.GuePorts, hold);
        if (share.Bgp.IsEmpty) return;
        _bgpTouched = true;
        if (hold) _bgp.Add(self);
        else _bgp.Remove(self);
    }

    /// <summary>Each touched key merged again from its holders in name order, as <see cref="NodeStateBuilder.Add"/> merges.</summary>
    private NodeDesiredState Merge(IReadOnlySet<ServiceKey> services)
    {
        var state = State;
        var merged = state with
        {
            Services = Set(state.Services, _services, services, key => _services.Of(key)
                .Select(r => _shares[r].Services[key]).Aggregate(NodeStateBuilder.Combine)),
            Addresses = Present(state.Addresses, _addresses),
            Links = Set(state.Links, _links, _links.TakeTouched(), name => _shares[_links.Last(name)].Links[name]),
            Sysctls = Set(state.Sysctls, _sysctls, _sysctls.TakeTouched(), name => _shares[_sysctls.Last(name)].Sysctls[name]),
            Failover = Set(state.Failover, _failover, _failover.TakeTouched(), id => _failover.Of(id)
                .Select(r => _shares[r].Failover[id]).Aggregate((group, part) => group.Merge(part.Addresses))),
            SourceNat = Present(state.SourceNat, _sourceNat),
            GuePorts = Present(state.GuePorts, _guePorts),
            Bgp = _bgpTouched ? _bgp.Aggregate(BgpAnnouncement.Empty, (bgp, r) => bgp.Merge(_shares[r].Bgp)) : state.Bgp,
        };
        _bgpTouched = false;
        return merged;
    }

    /// <summary>The map with each key merged from its holders again, or removed when none is left.</summary>
    private static ImmutableSortedDictionary<TKey, TValue> Set<TKey, TValue>(
        ImmutableSortedDictionary<TKey, TValue> map, Holders<TKey> holders, IEnumerable<TKey> keys, Func<TKey, TValue> merge)
        where TKey : notnull
    {
        var builder = map.ToBuilder();
        foreach (var key in keys)
        {
            if (holders.Holds(key)) builder[key] = merge(key);
            else builder.Remove(key);
        }

        return builder.ToImmutable();
    }

    private static ImmutableSortedSet<T> Present<T>(ImmutableSortedSet<T> set, Holders<T> holders) where T : notnull
    {
        var builder = set.ToBuilder();
        foreach (var key in holders.TakeTouched())
        {
            if (holders.Holds(key)) builder.Add(key);
            else builder.Remove(key);
        }

        return builder.ToImmutable();
    }
}
