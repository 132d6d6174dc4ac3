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

    /// <summary>The services whose destinations each read dumped afresh (the others came from <see cref="KernelScope.Known"/>).</summary>
    public List<IReadOnlySet<ServiceKey>> Dumped { get; } = [];

    /// <summary>What each read was asked to cover.</summary>
    public List<KernelScope> Scopes { get; } = [];

    /// <summary>As the netlink kernel: a known service that still reads the same keeps its known destinations.</summary>
    public Task<ObservedState> ReadAsync(KernelScope scope, CancellationToken cancellationToken)
    {
        if (FailReads) throw new IOException("netlink dump interrupted");
        Scopes.Add(scope);
        var reused = State.Services.Where(s => scope.Known.TryGetValue(s.Key, out var known) && known.Service == s.Value.Service)
            .ToDictionary(s => s.Key, s => scope.Known[s.Key]);
        Dumped.Add(State.Services.Keys.Where(k => !reused.ContainsKey(k)).ToHashSet());
        // Ports outside the scope are not read, as by the netlink kernel.
        return Task.FromResult(State with { Services = State.Services.SetItems(reused), FouPorts = scope.FouPorts ? State.FouPorts : State.FouPorts.Clear() });
    }

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
