namespace LvsOperator.Core.Planning;

/// <summary>Something desired that the planner will not do, because doing it would touch what it does not own.</summary>
public sealed record PlanConflict(string Subject, string Reason)
{
    public override string ToString() => $"{Subject}: {Reason}";
}
