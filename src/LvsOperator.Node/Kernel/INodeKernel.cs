using LvsOperator.Core.Kernel;
using LvsOperator.Core.Planning;

namespace LvsOperator.Node.Kernel;

/// <summary>One node's kernel, as the reconciler sees it: one complete read, and operations applied in order.</summary>
public interface INodeKernel
{
    /// <summary>
    /// Reads IPVS services with their destinations (those of <see cref="KernelScope.Known"/> services as
    /// given there), host addresses, and the links and sysctls in <paramref name="scope"/>. Throws when any part cannot be read: a partial read must never be
    /// mistaken for absent entries.
    /// </summary>
    Task<ObservedState> ReadAsync(KernelScope scope, CancellationToken cancellationToken);

    /// <summary>
    /// Reads only <paramref name="services"/>, each with its destinations; a service the kernel does not hold is left
    /// out. For a cycle woken by a change of those services alone (issue 14). Throws as <see cref="ReadAsync"/>.
    /// </summary>
    Task<IReadOnlyDictionary<ServiceKey, ObservedService>> ReadServicesAsync(IReadOnlyCollection<ServiceKey> services, CancellationToken cancellationToken);

    /// <summary>Applies the operations in order; each gets its own outcome, and a failure does not stop the rest.</summary>
    Task<IReadOnlyList<OperationOutcome>> ApplyAsync(IReadOnlyList<Operation> operations, CancellationToken cancellationToken);
}
