using System.Collections.Immutable;

namespace LvsOperator.Core.Kernel;

/// <summary>
/// What one complete read of the node showed. A read that failed part-way is never turned into one of
/// these: "could not read" must not look like "absent".
/// </summary>
public sealed record ObservedState(
    ImmutableDictionary<ServiceKey, ObservedService> Services,
    ImmutableHashSet<InterfaceAddress> Addresses,
    ImmutableDictionary<string, ObservedLink> Links,
    ImmutableDictionary<string, string> Sysctls)
{
    public static ObservedState Empty { get; } = new(
        ImmutableDictionary<ServiceKey, ObservedService>.Empty,
        ImmutableHashSet<InterfaceAddress>.Empty,
        ImmutableDictionary<string, ObservedLink>.Empty,
        ImmutableDictionary<string, string>.Empty);

    /// <summary>The source-NAT table; absent when the node was not asked to read it.</summary>
    public ObservedSourceNat SourceNat { get; init; } = ObservedSourceNat.Absent;

    /// <summary>
    /// The namespace's fou receive ports; empty when the node was not asked to read them. True for a GUE port on every
    /// address (what the agent opens); false for another encapsulation, or a port bound to an address, peer or device.
    /// </summary>
    public ImmutableDictionary<FouPortKey, bool> FouPorts { get; init; } = ImmutableDictionary<FouPortKey, bool>.Empty;
}
