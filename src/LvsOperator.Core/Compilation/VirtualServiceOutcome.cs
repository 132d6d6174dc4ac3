using LvsOperator.Core.Kernel;

namespace LvsOperator.Core.Compilation;

/// <summary>
/// What became of one VirtualService: whether it was accepted, the kernel services it turned into, the
/// nodes directing it, its real-server counts, and why it is degraded if it is.
/// </summary>
public sealed record VirtualServiceOutcome(
    bool Accepted,
    IReadOnlyList<ServiceKey> Services,
    IReadOnlyList<string> Directors,
    int TotalRealServers,
    int ReadyRealServers,
    IReadOnlyList<string> Problems);
