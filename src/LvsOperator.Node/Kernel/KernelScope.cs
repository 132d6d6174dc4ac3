namespace LvsOperator.Node.Kernel;

/// <summary>
/// What a read must cover beyond the IPVS table and the addresses: the sysctls and links the desired state
/// names or the ledger owns. Reading only these keeps a read small and never depends on unrelated state.
/// </summary>
public sealed record KernelScope(IReadOnlySet<string> Sysctls, IReadOnlySet<string> Links);
