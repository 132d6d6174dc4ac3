using System.Collections.Immutable;

namespace LvsOperator.Core.Kernel;

/// <summary>
/// Everything one node's kernel must hold, whatever roles the node plays: IPVS services as a director,
/// VIPs and sysctls as a director or a real server, and the links those VIPs live on.
/// </summary>
public sealed record NodeDesiredState(
    ImmutableSortedDictionary<ServiceKey, DesiredService> Services,
    ImmutableSortedSet<InterfaceAddress> Addresses,
    ImmutableSortedDictionary<string, LinkKind> Links,
    ImmutableSortedDictionary<string, string> Sysctls)
{
    public static NodeDesiredState Empty { get; } = new(
        ImmutableSortedDictionary<ServiceKey, DesiredService>.Empty,
        ImmutableSortedSet<InterfaceAddress>.Empty,
        ImmutableSortedDictionary<string, LinkKind>.Empty.WithComparers(StringComparer.Ordinal),
        ImmutableSortedDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal));
}
