using LvsOperator.Core.Kernel;
using LvsOperator.Core.Resources;

namespace LvsOperator.Core.Compilation;

/// <summary>
/// What became of one VirtualService: whether it was accepted (and if not, why), the kernel services it
/// turned into, the nodes directing it, the RealServers it uses, its real-server counts, and why it is
/// degraded if it is.
/// </summary>
public sealed record VirtualServiceOutcome(
    bool Accepted,
    IReadOnlyList<ServiceKey> Services,
    IReadOnlyList<string> Directors,
    IReadOnlyList<ResourceRef> RealServers,
    int TotalRealServers,
    int ReadyRealServers,
    IReadOnlyList<Problem> Problems,
    Rejection? Rejected = null);

/// <summary>Why a VirtualService was not compiled at all.</summary>
public enum Rejection
{
    /// <summary>It breaks a rule the API server's schema could not check; the findings say which.</summary>
    Invalid,
    /// <summary>An older VirtualService holds one of its VIP, protocol and port combinations.</summary>
    VipConflict,
    /// <summary>It has a deletionTimestamp: its kernel objects are being removed.</summary>
    Deleting,
}
