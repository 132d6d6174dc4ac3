using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Planning;
using static LvsOperator.Core.Tests.States;

namespace LvsOperator.Core.Tests;

/// <summary>A generated node: what is desired, what the kernel holds, and what the ledger says the agent owns.</summary>
internal sealed record NodeScenario(NodeDesiredState Desired, ObservedState Observed, OwnedState Owned)
{
    private static readonly ServiceKey[] Keys =
        [Tcp("192.0.2.1", 80), Tcp("192.0.2.1", 443), Tcp("192.0.2.2", 80), new FirewallMarkKey(7, System.Net.Sockets.AddressFamily.InterNetwork)];
    private static readonly string[] RealServers = ["198.18.0.1", "198.18.0.2", "198.18.0.3"];
    private static readonly string[] Sysctl = ["net.ipv4.ip_forward", "net.ipv4.conf.all.arp_ignore"];

    private static Gen<IpvsDestination> Destination =>
        from address in Gen.Elements(RealServers)
        from weight in Gen.Choose(0, 3)
        select Dest(address, 80, weight);

    private static Gen<DesiredService> ServiceFor(ServiceKey key) =>
        from scheduler in Gen.Elements("rr", "wrr", "mh")
        from destinations in Gen.ListOf(Destination)
        select Service(key, scheduler, destinations.DistinctBy(d => d.Key).ToArray());

    private static Gen<ImmutableArray<DesiredService>> Services =>
        from keys in Gen.SubListOf(Keys)
        from services in Gen.CollectToSequence(keys, ServiceFor)
        select services.ToImmutableArray();

    private static Gen<ObservedState> WithConnections(ObservedState state) =>
        Gen.CollectToSequence(
                state.Services.SelectMany(s => s.Value.Destinations.Keys.Select(d => (s.Key, d))),
                sd => Gen.Choose(0, 2).Select(n => (sd.Key, sd.d, n)))
            .Select(counts => counts.Aggregate(state, (st, c) =>
                st.WithConnections(c.Key, st.Services[c.Key].Destinations[c.d].Destination, (uint)c.n)));

    /// <summary>Each service's destination list in any order, as deletes and adds over time leave it.</summary>
    private static Gen<ObservedState> Shuffled(ObservedState state) =>
        Gen.CollectToSequence(state.Services, s => Gen.Shuffle(s.Value.Order.ToArray()).Select(o => s.Value with { Order = [.. o] }))
            .Select(services => state with { Services = services.ToImmutableDictionary(s => s.Service.Key) });

    /// <summary>The agent's nftables table, if there: rules naming some keys (duplicates included) or none.</summary>
    private static Gen<ObservedSourceNat> NatTable =>
        from exists in Gen.Elements(false, true, true)
        from chain in Gen.Elements(false, true, true)
        from named in Gen.ListOf(Gen.Elements<ServiceKey?>([.. Keys, null]))
        select !exists ? ObservedSourceNat.Absent
            : new ObservedSourceNat(true, chain, chain ? named.Select((k, i) => new ObservedNatRule((ulong)i + 2, k)).ToImmutableList() : []);

    public static Gen<NodeScenario> Generator =>
        from desired in Services
        from kernel in Services
        from ownedKeys in Gen.SubListOf(kernel.Select(s => s.Service.Key).ToArray())
        from listed in Shuffled(States.Observed([.. kernel]))
        from observedWithCounts in WithConnections(listed)
        from vips in Gen.SubListOf(["192.0.2.1", "192.0.2.2"])
        from kernelVips in Gen.SubListOf(["192.0.2.1", "192.0.2.2"])
        from ownedVips in Gen.SubListOf(kernelVips.ToArray())
        from sysctlValues in Gen.ListOf(Gen.Elements("0", "1"), 2)
        from wanted in Gen.SubListOf(Sysctl)
        from ownedSysctls in Gen.SubListOf(Sysctl)
        from sourceNat in Gen.SubListOf(Keys)
        from natTable in NatTable
        from ownsTable in Gen.Elements(false, true)
        select new NodeScenario(
            States.Desired([.. desired]) with
            {
                Addresses = vips.Select(v => Vip(v)).ToImmutableSortedSet(),
                Sysctls = wanted.ToImmutableSortedDictionary(s => s, _ => "1", StringComparer.Ordinal),
                SourceNat = [.. sourceNat],
            },
            observedWithCounts with
            {
                Addresses = kernelVips.Select(v => Vip(v)).ToImmutableHashSet(),
                Sysctls = Sysctl.Zip(sysctlValues).ToImmutableDictionary(p => p.First, p => p.Second),
                SourceNat = natTable,
            },
            OwnedState.Empty with
            {
                Services = [.. ownedKeys],
                Addresses = ownedVips.Select(v => Vip(v)).ToImmutableHashSet(),
                SysctlOriginals = ownedSysctls.ToImmutableDictionary(s => s, _ => "0"),
                SourceNatTable = ownsTable,
            });
}
