using LvsOperator.Core.Kernel;

namespace LvsOperator.Health;

/// <summary>A service that gained or lost its quorum, with the healthy weight that decided it.</summary>
public sealed record QuorumTransition(ServiceKey Service, bool HasQuorum, int HealthyWeight);
