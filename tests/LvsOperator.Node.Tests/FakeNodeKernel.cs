using LvsOperator.Core.Kernel;
using LvsOperator.Core.Planning;
using LvsOperator.Core.Tests;
using LvsOperator.Netlink;
using LvsOperator.Node.Kernel;

namespace LvsOperator.Node.Tests;

/// <summary>
/// A node kernel in memory, with the planner tests' kernel semantics and injectable failures. As the netlink kernel,
/// an operation the kernel cannot do (a destination of a missing service, an address on a missing link) fails with
/// an errno and the rest of the plan still runs.
/// </summary>
internal sealed class FakeNodeKernel(ObservedState state) : INodeKernel
{
    private readonly Dictionary<int, int> _injected = [];

    public ObservedState State { get; set; } = state;
    public bool FailReads { get; set; }
    public Func<Operation, bool> Fails { get; set; } = _ => false;
    public Func<Operation, Exception> FailWith { get; set; } = _ => new IOException("EBUSY");

    /// <summary>The operations the kernel accepted, in order.</summary>
    public List<Operation> Applied { get; } = [];

    /// <summary>Mutations tried so far, accepted or not: the count <see cref="FailAttempt"/> counts from.</summary>
    public int Attempts { get; private set; }

    /// <summary>The services whose destinations each read dumped afresh (the others came from <see cref="KernelScope.Known"/>).</summary>
    public List<IReadOnlySet<ServiceKey>> Dumped { get; } = [];

    /// <summary>What each read was asked to cover.</summary>
    public List<KernelScope> Scopes { get; } = [];

    /// <summary>
    /// The mutation tried <paramref name="later"/> mutations from now (0: the next one, in this cycle or a later one)
    /// fails once with <paramref name="errno"/>, leaving the kernel as it was, as a netlink NLMSG_ERROR would.
    /// </summary>
    public void FailAttempt(int later, int errno) => _injected[Attempts + later] = errno;

    /// <summary>Every mutation <paramref name="matching"/> fails with <paramref name="errno"/> until <see cref="Fails"/> is reset.</summary>
    public void FailMatching(Func<Operation, bool> matching, int errno)
    {
        Fails = matching;
        FailWith = operation => Refusal(operation, errno, null);
    }

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

    /// <summary>The services each services-only read was asked for.</summary>
    public List<IReadOnlySet<ServiceKey>> ReadServices { get; } = [];

    public Task<IReadOnlyDictionary<ServiceKey, ObservedService>> ReadServicesAsync(
        IReadOnlyCollection<ServiceKey> services, CancellationToken cancellationToken)
    {
        if (FailReads) throw new IOException("netlink dump interrupted");
        ReadServices.Add(services.ToHashSet());
        return Task.FromResult<IReadOnlyDictionary<ServiceKey, ObservedService>>(
            services.Where(State.Services.ContainsKey).ToDictionary(k => k, k => State.Services[k]));
    }

    public Task<IReadOnlyList<OperationOutcome>> ApplyAsync(IReadOnlyList<Operation> operations, CancellationToken cancellationToken)
    {
        var outcomes = new List<OperationOutcome>();
        foreach (var operation in operations)
        {
            var error = _injected.Remove(Attempts++, out var errno) ? Refusal(operation, errno, null)
                : Fails(operation) ? FailWith(operation)
                : Apply(operation);
            if (error is null) Applied.Add(operation);
            outcomes.Add(new OperationOutcome(operation, error));
        }

        return Task.FromResult<IReadOnlyList<OperationOutcome>>(outcomes);
    }

    private NetlinkException? Apply(Operation operation)
    {
        if (operation is AddAddress { Address.Interface: var link } && !State.Links.ContainsKey(link))
            return Refusal(operation, Errnos.ENODEV, null);
        try
        {
            State = KernelSimulator.Apply(State, operation);
            return null;
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or ArgumentException)
        {
            // The simulator's refusals: a duplicate key is the kernel's EEXIST, anything else a missing object.
            return Refusal(operation, e is ArgumentException ? Errnos.EEXIST : Errnos.ENOENT, e.Message);
        }
    }

    private static NetlinkException Refusal(Operation operation, int errno, string? detail) => new(errno, operation.GetType().Name, detail);
}
