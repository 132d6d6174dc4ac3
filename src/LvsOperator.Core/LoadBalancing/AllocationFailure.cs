namespace LvsOperator.Core.LoadBalancing;

/// <summary>Why a Service got no address: the reason for a condition or event and a sentence for a human.</summary>
public sealed record AllocationFailure(AllocationFailureReason Reason, string Message);
