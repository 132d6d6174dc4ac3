namespace LvsOperator.Core.LoadBalancing;

/// <summary>An address a Service held in its status that allocation took away, and why.</summary>
public sealed record ReleasedAddress(string Address, AllocationFailureReason Reason, string Message);
