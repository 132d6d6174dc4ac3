using System.Collections.Immutable;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Planning;

namespace LvsOperator.Core.Tests;

/// <summary>Applies operations to an observed state as the kernel would, failing where the kernel would refuse.</summary>
internal static class KernelSimulator
{
    public static ObservedState Apply(ObservedState state, Operation operation) => operation switch
    {
        AddService op => state with { Services = state.Services.Add(op.Service.Key, new ObservedService(op.Service)) },
        UpdateService op => state with { Services = state.Services.SetItem(op.Service.Key, state.Services[op.Service.Key] with { Service = op.Service }) },
        DeleteService op => state with { Services = Remove(state.Services, op.Key) },
        AddDestination op => WithOrder(
            WithDestinations(state, op.Service, d => d.Add(op.Destination.Key, new ObservedDestination(op.Destination))),
            op.Service, o => o.Insert(0, op.Destination.Key)),
        UpdateDestination op => WithDestinations(state, op.Service, d => d.SetItem(op.Destination.Key, d[op.Destination.Key] with { Destination = op.Destination })),
        DrainDestination op => WithDestinations(state, op.Service, d => d.SetItem(op.Destination.Key, d[op.Destination.Key] with { Destination = op.Destination })),
        DeleteDestination op => WithOrder(WithDestinations(state, op.Service, d => Remove(d, op.Destination)), op.Service, o => o.Remove(op.Destination)),
        AddAddress op => state with { Addresses = Add(state.Addresses, op.Address) },
        DeleteAddress op => state with { Addresses = Remove(state.Addresses, op.Address) },
        CreateLink op => state with { Links = state.Links.Add(op.Name, new ObservedLink(op.Name, false)) },
        RequestLink op => state with { Links = state.Links.Add(op.Name, new ObservedLink(op.Name, false)) },
        SetLinkUp op => state with { Links = state.Links.SetItem(op.Name, state.Links[op.Name] with { IsUp = true }) },
        SetLinkDown op => state with { Links = state.Links.SetItem(op.Name, state.Links[op.Name] with { IsUp = false }) },
        DeleteLink op => state with { Links = Remove(state.Links, op.Name), Addresses = state.Addresses.Where(a => a.Interface != op.Name).ToImmutableHashSet() },
        SetSysctl op => state with { Sysctls = state.Sysctls.SetItem(op.Name, op.Value) },
        RestoreSysctl op => state with { Sysctls = state.Sysctls.SetItem(op.Name, op.Original) },
        EnsureSourceNatChain => state with { SourceNat = state.SourceNat with { TableExists = true, ChainExists = true } },
        AddSourceNat op => state.SourceNat.ChainExists
            ? state with { SourceNat = state.SourceNat with { Rules = state.SourceNat.Rules.Add(new ObservedNatRule(NextHandle(state.SourceNat), op.Service)) } }
            : throw new InvalidOperationException("no chain"),
        DeleteSourceNat op => state with
        {
            SourceNat = state.SourceNat with { Rules = Changed(state.SourceNat.Rules, state.SourceNat.Rules.RemoveAll(r => r.Handle == op.Handle), $"rule {op.Handle} does not exist") },
        },
        DeleteSourceNatTable => state.SourceNat.TableExists ? state with { SourceNat = ObservedSourceNat.Absent } : throw new InvalidOperationException("no table"),
        // fou_create: EALREADY for a port of that family; fou_destroy: EINVAL for none.
        AddGuePort op => state with { FouPorts = state.FouPorts.ContainsKey(op.Port) ? throw new InvalidOperationException($"{op.Port} is open") : state.FouPorts.Add(op.Port, true) },
        DeleteGuePort op => state with { FouPorts = Remove(state.FouPorts, op.Port) },
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, null),
    };

    /// <summary>Applies a whole plan, and the ledger with it, as the agent does.</summary>
    public static (ObservedState, OwnedState) Apply(ObservedState state, OwnedState owned, Plan plan, DateTimeOffset now)
    {
        foreach (var operation in plan.Operations)
        {
            state = Apply(state, operation);
            owned = owned.After(operation, now);
        }

        return (state, owned);
    }

    /// <summary>nf_tables hands out handles per table, counting up; the chain takes one.</summary>
    private static ulong NextHandle(ObservedSourceNat table) => table.Rules.Select(r => r.Handle).DefaultIfEmpty(1ul).Max() + 1;

    private static ObservedState WithDestinations(
        ObservedState state, ServiceKey key,
        Func<ImmutableDictionary<DestinationKey, ObservedDestination>, ImmutableDictionary<DestinationKey, ObservedDestination>> change)
    {
        var service = state.Services[key]; // throws like ESRCH when the service is missing
        return state with { Services = state.Services.SetItem(key, service with { Destinations = change(service.Destinations) }) };
    }

    /// <summary>The kernel's list: a new destination goes to the head (ip_vs_ctl.c, list_add_rcu), a deleted one leaves it.</summary>
    private static ObservedState WithOrder(ObservedState state, ServiceKey key, Func<ImmutableArray<DestinationKey>, ImmutableArray<DestinationKey>> change)
    {
        var service = state.Services[key];
        return state with { Services = state.Services.SetItem(key, service with { Order = change(service.Order) }) };
    }

    // Immutable collections hand back the same instance when nothing changed: that is the kernel's ENOENT/EEXIST.
    private static ImmutableDictionary<TKey, TValue> Remove<TKey, TValue>(ImmutableDictionary<TKey, TValue> map, TKey key) where TKey : notnull =>
        Changed(map, map.Remove(key), $"{key} does not exist");

    private static ImmutableHashSet<T> Add<T>(ImmutableHashSet<T> set, T item) => Changed(set, set.Add(item), $"{item} exists");

    private static ImmutableHashSet<T> Remove<T>(ImmutableHashSet<T> set, T item) => Changed(set, set.Remove(item), $"{item} does not exist");

    private static T Changed<T>(T before, T after, string error) where T : class =>
        ReferenceEquals(before, after) ? throw new InvalidOperationException(error) : after;
}
