using System.Collections.Immutable;
using LvsOperator.Core.Kernel;

namespace LvsOperator.Core.Planning;

/// <summary>
/// The ownership ledger: everything the agent created or changed on this node, and nothing else. The
/// planner deletes or restores only what is listed here, so kube-proxy or an admin's own IPVS rules,
/// addresses and sysctls are never touched. The agent persists it, drain start times included, so a
/// restart neither forgets a drain nor mistakes its own entries for foreign ones.
/// </summary>
public sealed record OwnedState(
    ImmutableHashSet<ServiceKey> Services,
    ImmutableHashSet<InterfaceAddress> Addresses,
    ImmutableHashSet<string> CreatedLinks,
    ImmutableHashSet<string> RaisedLinks,
    ImmutableDictionary<string, string> SysctlOriginals,
    ImmutableDictionary<DrainKey, DateTimeOffset> Draining)
{
    public static OwnedState Empty { get; } = new(
        ImmutableHashSet<ServiceKey>.Empty,
        ImmutableHashSet<InterfaceAddress>.Empty,
        ImmutableHashSet<string>.Empty,
        ImmutableHashSet<string>.Empty,
        ImmutableDictionary<string, string>.Empty,
        ImmutableDictionary<DrainKey, DateTimeOffset>.Empty);

    /// <summary>Whether the agent created its nftables table (<c>inet lvsoperator</c>), so it may change and delete it.</summary>
    public bool SourceNatTable { get; init; }

    /// <summary>GUE receive ports the agent opened, so it may close them; a port someone else opened is never listed.</summary>
    public ImmutableHashSet<FouPortKey> GuePorts { get; init; } = ImmutableHashSet<FouPortKey>.Empty;

    /// <summary>
    /// Forgets entries the kernel no longer has (someone else removed them), so the planner treats them
    /// as new. Sysctls are kept: their original value must come back whatever happened in between.
    /// </summary>
    public OwnedState Prune(ObservedState observed) => this with
    {
        Services = Services.Where(observed.Services.ContainsKey).ToImmutableHashSet(),
        Addresses = Addresses.Where(observed.Addresses.Contains).ToImmutableHashSet(),
        CreatedLinks = CreatedLinks.Where(observed.Links.ContainsKey).ToImmutableHashSet(),
        RaisedLinks = RaisedLinks.Where(observed.Links.ContainsKey).ToImmutableHashSet(),
        Draining = Draining.Where(d => observed.Services.TryGetValue(d.Key.Service, out var s)
                                       && s.Destinations.ContainsKey(d.Key.Destination)).ToImmutableDictionary(),
        SourceNatTable = SourceNatTable && observed.SourceNat.TableExists,
        GuePorts = GuePorts.Where(p => observed.FouPorts.GetValueOrDefault(p)).ToImmutableHashSet(),
    };

    /// <summary><see cref="Prune"/> of <paramref name="services"/> only: what a read of only those services can tell.</summary>
    public OwnedState PruneServices(ObservedState observed, IReadOnlySet<ServiceKey> services) => this with
    {
        Services = Services.Except(services.Where(k => !observed.Services.ContainsKey(k))),
        Draining = Draining.RemoveRange(Draining.Keys.Where(d => services.Contains(d.Service)
            && !(observed.Services.TryGetValue(d.Service, out var s) && s.Destinations.ContainsKey(d.Destination))).ToList()),
    };

    /// <summary>The ledger once <paramref name="operation"/> has been applied successfully at <paramref name="now"/>.</summary>
    public OwnedState After(Operation operation, DateTimeOffset now) => operation switch
    {
        AddService op => this with { Services = Services.Add(op.Service.Key) },
        DeleteService op => this with
        {
            Services = Services.Remove(op.Key),
            Draining = Draining.Where(d => d.Key.Service != op.Key).ToImmutableDictionary(),
        },
        AddDestination op => this with { Draining = Draining.Remove(new(op.Service, op.Destination.Key)) },
        UpdateDestination op => this with { Draining = Draining.Remove(new(op.Service, op.Destination.Key)) },
        DrainDestination op => this with { Draining = Draining.SetItem(new(op.Service, op.Destination.Key), now) },
        DeleteDestination op => this with { Draining = Draining.Remove(new(op.Service, op.Destination)) },
        CreateLink op => this with { CreatedLinks = CreatedLinks.Add(op.Name) },
        SetLinkUp op => this with { RaisedLinks = RaisedLinks.Add(op.Name) },
        DeleteLink op => this with { CreatedLinks = CreatedLinks.Remove(op.Name), RaisedLinks = RaisedLinks.Remove(op.Name) },
        SetLinkDown op => this with { RaisedLinks = RaisedLinks.Remove(op.Name) },
        AddAddress op => this with { Addresses = Addresses.Add(op.Address) },
        DeleteAddress op => this with { Addresses = Addresses.Remove(op.Address) },
        SetSysctl op => SysctlOriginals.ContainsKey(op.Name)
            ? this
            : this with { SysctlOriginals = SysctlOriginals.Add(op.Name, op.Original) },
        RestoreSysctl op => this with { SysctlOriginals = SysctlOriginals.Remove(op.Name) },
        EnsureSourceNatChain => this with { SourceNatTable = true },
        DeleteSourceNatTable => this with { SourceNatTable = false },
        AddGuePort op => this with { GuePorts = GuePorts.Add(op.Port) },
        DeleteGuePort op => this with { GuePorts = GuePorts.Remove(op.Port) },
        _ => this,
    };
}
