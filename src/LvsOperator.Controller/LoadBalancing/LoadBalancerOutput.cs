using LvsOperator.Core.Control;
using LvsOperator.Core.Resources;
using LvsOperator.Kubernetes.Models;

namespace LvsOperator.Controller.LoadBalancing;

/// <summary>Everything the LoadBalancer side must write; nothing in it is a no-op.</summary>
public sealed record LoadBalancerOutput(
    IReadOnlyList<ServiceStatusChange> ServiceStatuses,
    IReadOnlyList<GeneratedChange> VirtualServices,
    IReadOnlyList<StatusChange<AddressPoolStatus>> PoolStatuses,
    IReadOnlyList<ControllerEvent> Events)
{
    /// <summary>Whether a Service is to be given an address it does not hold yet: worth a quorum read before writing.</summary>
    public bool Assigns => ServiceStatuses.Any(s => s.Ingress.Select(i => i.Ip).Except(s.Service.Status?.LoadBalancer?.Ingress?.Select(i => i.Ip) ?? []).Any());
}

/// <summary>
/// A Service's new <c>status.loadBalancer.ingress</c> and conditions (the other implementations' kept as read),
/// to be written with the resourceVersion of <see cref="Service"/>, as read.
/// </summary>
public sealed record ServiceStatusChange(Service Service, IReadOnlyList<LoadBalancerIngress> Ingress, IReadOnlyList<Condition> Conditions);

/// <summary>A generated VirtualService to create, to replace (carrying the resourceVersion read) or to delete.</summary>
public sealed record GeneratedChange(GeneratedChangeKind Kind, VirtualService VirtualService);

public enum GeneratedChangeKind { Create, Update, Delete }
