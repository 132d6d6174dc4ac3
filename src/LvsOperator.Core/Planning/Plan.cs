namespace LvsOperator.Core.Planning;

/// <summary>The ordered operations that turn the observed state into the desired one, and what could not be done.</summary>
public sealed record Plan(IReadOnlyList<Operation> Operations, IReadOnlyList<PlanConflict> Conflicts)
{
    public bool IsEmpty => Operations.Count == 0;
}
