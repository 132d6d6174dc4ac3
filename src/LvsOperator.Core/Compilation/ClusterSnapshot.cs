using LvsOperator.Core.Resources;

namespace LvsOperator.Core.Compilation;

/// <summary>Everything the compiler reads, taken at one moment.</summary>
public sealed record ClusterSnapshot(
    IReadOnlyList<VirtualService> VirtualServices,
    IReadOnlyList<RealServer> RealServers,
    IReadOnlyList<ServiceBackends> Services,
    IReadOnlyList<NodeInfo> Nodes);
