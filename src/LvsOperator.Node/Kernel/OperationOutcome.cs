using LvsOperator.Core.Planning;

namespace LvsOperator.Node.Kernel;

/// <summary>What became of one operation: <see cref="Error"/> is null when the kernel accepted it.</summary>
public sealed record OperationOutcome(Operation Operation, Exception? Error)
{
    public bool Succeeded => Error is null;
}
