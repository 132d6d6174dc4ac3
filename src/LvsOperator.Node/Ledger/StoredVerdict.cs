using LvsOperator.Core.Kernel;

namespace LvsOperator.Node.Ledger;

/// <summary>What the health checks last concluded about one real server of one service.</summary>
public readonly record struct StoredVerdict(ServiceKey Service, DestinationKey Destination, bool Healthy);
