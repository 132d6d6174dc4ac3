using System.Collections.Immutable;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Planning;
using LvsOperator.Node.Kernel;
using LvsOperator.Node.Ledger;

namespace LvsOperator.Node.Bench;

/// <summary>
/// A kernel in memory that already holds a desired state, with a ledger that owns it: the host has no IPVS, and this
/// times the agent's pure phases. It keeps destination weights; every other operation succeeds and changes nothing.
/// </summary>
internal sealed class MemoryKernel(ObservedState state) : INodeKernel
{
    private ObservedState _state = state;

    public static MemoryKernel Holding(NodeDesiredState desired, LedgerStore ledger)
    {
        var services = desired.Services.ToImmutableDictionary(s => s.Key, s => new ObservedService(
            s.Value.Service, s.Value.Destinations.ToImmutableDictionary(d => d.Key, d => new ObservedDestination(d.Value))));
        var observed = new ObservedState(
            services,
            desired.Addresses.ToImmutableHashSet(),
            desired.Links.ToImmutableDictionary(l => l.Key, l => new ObservedLink(l.Key, IsUp: true)),
            desired.Sysctls.ToImmutableDictionary());
        ledger.Save(OwnedState.Empty with
        {
            Services = services.Keys.ToImmutableHashSet(),
            Addresses = observed.Addresses,
            CreatedLinks = observed.Links.Keys.ToImmutableHashSet(),
            RaisedLinks = observed.Links.Keys.ToImmutableHashSet(),
        });
        return new MemoryKernel(observed);
    }

    public Task<ObservedState> ReadAsync(KernelScope scope, CancellationToken cancellationToken) => Task.FromResult(_state);

    public Task<IReadOnlyDictionary<ServiceKey, ObservedService>> ReadServicesAsync(
        IReadOnlyCollection<ServiceKey> services, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<ServiceKey, ObservedService>>(
            services.Where(_state.Services.ContainsKey).ToDictionary(k => k, k => _state.Services[k]));

    public Task<IReadOnlyList<OperationOutcome>> ApplyAsync(IReadOnlyList<Operation> operations, CancellationToken cancellationToken)
    {
        foreach (var operation in operations.OfType<UpdateDestination>())
        {
            var service = _state.Services[operation.Service];
            var destinations = service.Destinations.SetItem(operation.Destination.Key, new ObservedDestination(operation.Destination));
            _state = _state with { Services = _state.Services.SetItem(operation.Service, service with { Destinations = destinations }) };
        }

        return Task.FromResult<IReadOnlyList<OperationOutcome>>(operations.Select(o => new OperationOutcome(o, null)).ToList());
    }
}
