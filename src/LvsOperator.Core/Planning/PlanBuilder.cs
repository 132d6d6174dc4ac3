namespace LvsOperator.Core.Planning;

/// <summary>Collects operations into the phases that give a plan its order.</summary>
internal sealed class PlanBuilder
{
    private readonly List<Operation> _first = []; // withdraw VIPs before anything they lead to goes
    private readonly List<Operation> _up = [];    // then bring up, in the order the planner adds
    private readonly List<Operation> _down = [];  // then remove destinations and services
    private readonly List<Operation> _last = [];  // then links and sysctls nothing needs any more
    private readonly List<PlanConflict> _conflicts = [];

    public void First(Operation operation) => _first.Add(operation);
    public void Up(Operation operation) => _up.Add(operation);
    public void Down(Operation operation) => _down.Add(operation);
    public void Last(Operation operation) => _last.Add(operation);
    public void Conflict(string subject, string reason) => _conflicts.Add(new PlanConflict(subject, reason));

    /// <param name="teardown">Whether the last phase runs; it waits while anything still drains.</param>
    public Plan Build(bool teardown) => new([.. _first, .. _up, .. _down, .. (teardown ? _last : [])], _conflicts);
}
