using LvsOperator.Core.Kernel;
using LvsOperator.Core.Planning;
using LvsOperator.Core.Tests;
using LvsOperator.Node.Kernel;

namespace LvsOperator.Node.Tests;

/// <summary>A node kernel in memory, with the planner tests' kernel semantics and injectable failures.</summary>
internal sealed class FakeNodeKernel(ObservedState state) : INodeKernel
{
    public ObservedState State { get; set; } = state;
    public bool FailReads { get; set; }
    public Func<Operation, bool> Fails { get; set; } = _ => false;
    public Func<Operation, Exception> FailWith { get; set; } = _ => new IOException("EBUSY");
    public List<Operation> Applied { get; } = [];

    public Task<ObservedState> ReadAsync(KernelScope scope, CancellationToken cancellationToken) =>
        FailReads ? throw new IOException("netlink dump interrupted") : Task.FromResult(State);

    public Task<IReadOnlyList<OperationOutcome>> ApplyAsync(IReadOnlyList<Operation> operations, CancellationToken cancellationToken)
    {
        var outcomes = new List<OperationOutcome>();
        foreach (var operation in operations)
        {
            if (Fails(operation))
            {
                outcomes.Add(new OperationOutcome(operation, FailWith(operation)));
                continue;
            }

            State = KernelSimulator.Apply(State, operation);
            Applied.Add(operation);
            outcomes.Add(new OperationOutcome(operation, null));
        }

        return Task.FromResult<IReadOnlyList<OperationOutcome>>(outcomes);
    }
}
