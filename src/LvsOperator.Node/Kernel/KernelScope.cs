using System.Collections.Immutable;
using LvsOperator.Core.Kernel;

namespace LvsOperator.Node.Kernel;

/// <summary>
/// What a read must cover beyond the IPVS table and the addresses: the sysctls and links the desired state
/// names or the ledger owns. Reading only these keeps a read small and never depends on unrelated state.
/// </summary>
public sealed record KernelScope(IReadOnlySet<string> Sysctls, IReadOnlySet<string> Links)
{
    /// <summary>
    /// Services whose destinations a read may take from this earlier read instead of dumping them again (one
    /// netlink dump per service is most of a read), provided the service itself still reads the same.
    /// </summary>
    public IReadOnlyDictionary<ServiceKey, ObservedService> Known { get; init; } = ImmutableDictionary<ServiceKey, ObservedService>.Empty;

    /// <summary>
    /// Whether to read the agent's nftables table: only when source NAT is desired or the ledger owns the
    /// table, so a node that needs none never depends on nf_tables being there.
    /// </summary>
    public bool SourceNat { get; init; }

    /// <summary>
    /// Whether to read the fou receive ports: only when GUE ports are desired or owned, so a node without GUE never
    /// opens a fou socket nor loads the module.
    /// </summary>
    public bool FouPorts { get; init; }
}
