using System.Collections.Immutable;
using LvsOperator.Core.Kernel;

namespace LvsOperator.Core.Compilation;

/// <summary>Accumulates one node's desired state as VirtualServices are compiled, then freezes it.</summary>
public sealed class NodeStateBuilder
{
    private readonly SortedDictionary<ServiceKey, DesiredService> _services = [];
    private readonly SortedSet<InterfaceAddress> _addresses = [];
    private readonly SortedDictionary<string, LinkKind> _links = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, string> _sysctls = new(StringComparer.Ordinal);
    private readonly SortedDictionary<byte, FailoverGroup> _failover = [];
    private readonly SortedSet<ServiceKey> _sourceNat = [];
    private readonly SortedSet<FouPortKey> _guePorts = [];
    private BgpAnnouncement _bgp = BgpAnnouncement.Empty;

    public void Service(DesiredService service) => _services[service.Service.Key] = service;
    public void Address(InterfaceAddress address) => _addresses.Add(address);
    public void Link(string name, LinkKind kind) => _links[name] = kind;
    public void Sysctl(string name, string value) => _sysctls[name] = value;
    public void SourceNat(ServiceKey service) => _sourceNat.Add(service);
    public void GuePort(FouPortKey port) => _guePorts.Add(port);
    public void Bgp(BgpAnnouncement announcement) => _bgp = _bgp.Merge(announcement);

    /// <summary>Several VirtualServices may share a virtual router: their VIPs join one group.</summary>
    public void Failover(FailoverGroup group) =>
        _failover[group.VirtualRouterId] = _failover.TryGetValue(group.VirtualRouterId, out var known) ? known.Merge(group.Addresses) : group;

    /// <summary>Adds everything of another state: how per-VirtualService shares become one node's state.</summary>
    public NodeStateBuilder Add(NodeDesiredState state)
    {
        foreach (var service in state.Services.Values)
        {
            Service(_services.TryGetValue(service.Service.Key, out var known) ? Combine(known, service) : service);
        }

        _addresses.UnionWith(state.Addresses);
        foreach (var (name, kind) in state.Links) Link(name, kind);
        foreach (var (name, value) in state.Sysctls) Sysctl(name, value);
        foreach (var group in state.Failover.Values) Failover(group);
        _sourceNat.UnionWith(state.SourceNat);
        _guePorts.UnionWith(state.GuePorts);
        Bgp(state.Bgp);
        return this;
    }

    /// <summary>
    /// One service that comes in parts (a VirtualService's destinations spread over several slices): the later part's
    /// destinations and overrides win.
    /// </summary>
    public static DesiredService Combine(DesiredService known, DesiredService part) => known with
    {
        Destinations = known.Destinations.SetItems(part.Destinations),
        HealthOverrides = known.HealthOverrides is null ? part.HealthOverrides
            : part.HealthOverrides is null ? known.HealthOverrides : known.HealthOverrides.SetItems(part.HealthOverrides),
    };

    public NodeDesiredState Build() => new(
        _services.ToImmutableSortedDictionary(),
        _addresses.ToImmutableSortedSet(),
        _links.ToImmutableSortedDictionary(StringComparer.Ordinal),
        _sysctls.ToImmutableSortedDictionary(StringComparer.Ordinal))
    {
        Failover = _failover.ToImmutableSortedDictionary(),
        SourceNat = _sourceNat.ToImmutableSortedSet(),
        GuePorts = _guePorts.ToImmutableSortedSet(),
        Bgp = _bgp,
    };
}
