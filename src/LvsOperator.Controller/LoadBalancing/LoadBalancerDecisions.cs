using System.Text.Json;
using LvsOperator.Core.Control;
using LvsOperator.Core.LoadBalancing;
using LvsOperator.Core.Resources;
using LvsOperator.Kubernetes.Models;

namespace LvsOperator.Controller.LoadBalancing;

/// <summary>
/// LoadBalancer Services as decisions, pure like <see cref="ControllerDecisions"/>: the allocator's addresses
/// (read from the Services' own status, so the API server is the ledger) become each Service's ingress and
/// condition, the translation's VirtualServices are created, restored or deleted, and each pool's status follows
/// its usage. A Service that is not ours, or gone, loses its generated VirtualServices and, when we set it, its
/// ingress. A bad annotation (or externalTrafficPolicy Local) on a Service that works keeps what it has and says why.
/// </summary>
public static class LoadBalancerDecisions
{
    public static LoadBalancerOutput Decide(LoadBalancerInput input)
    {
        var ours = input.Services
            .Where(s => s.Metadata.DeletionTimestamp is null && LoadBalancerSelection.IsOurs(s, input.DefaultImplementation))
            .ToDictionary(s => new ServiceName(s.Metadata.Namespace ?? "", s.Metadata.Name));
        var mapped = ours.ToDictionary(p => p.Key, p => LoadBalancerServiceMapper.Map(p.Value));
        var allocation = AddressAllocator.Allocate(new AllocationInput
        {
            Pools = input.Pools, Services = mapped.Values.ToList(), NamespaceLabels = input.NamespaceLabels,
        });
        var generated = input.Generated.Where(GeneratedVirtualServices.IsGenerated).ToLookup(GeneratedVirtualServices.SourceOf);
        var statuses = new List<ServiceStatusChange>();
        var changes = new List<GeneratedChange>();
        var events = new List<ControllerEvent>();

        foreach (var (name, service) in ours.OrderBy(p => p.Key))
        {
            var decision = DecideOne(service, mapped[name], allocation.Services[name], input.Now);
            if (decision.Status is { } status) statuses.Add(status);
            events.AddRange(decision.Events);
            var existing = generated[name].ToList();
            if (decision.Wanted is { } wanted) changes.AddRange(GeneratedDiff.Diff(service, wanted, existing, events));
            else if (decision.Addresses.Count == 0) changes.AddRange(existing.Where(v => v.Metadata.DeletionTimestamp is null).Select(Delete));
        }

        var byName = input.Services.ToDictionary(s => new ServiceName(s.Metadata.Namespace ?? "", s.Metadata.Name));
        foreach (var group in generated.Where(g => !ours.ContainsKey(g.Key)))
            changes.AddRange(group.Where(v => v.Metadata.DeletionTimestamp is null).Select(Delete));
        foreach (var (name, service) in byName.Where(p => !ours.ContainsKey(p.Key)).OrderBy(p => p.Key))
        {
            // Only a Service whose status we wrote (our condition on it) is cleared; another implementation's never.
            if (LoadBalancerConditions.Ours(service.Status?.Conditions) is null || service.Metadata.DeletionTimestamp is not null) continue;
            statuses.Add(new ServiceStatusChange(service, [], LoadBalancerConditions.Without(service.Status?.Conditions)));
        }

        var pools = input.Pools
            .Select(pool => (pool, status: AddressPoolStatusBuilder.Build(pool, allocation.Pools[pool.Metadata.Name], input.Now)))
            .Where(p => !SameStatus(p.pool.Status, p.status))
            .Select(p => new StatusChange<AddressPoolStatus>(
                new ResourceRef(ResourceKinds.AddressPool, "", p.pool.Metadata.Name), p.pool.Metadata, p.status, p.pool.Status))
            .ToList();
        return new LoadBalancerOutput(statuses, changes, pools, events);
    }

    private static OneDecision DecideOne(Service service, LoadBalancerService mapped, ServiceAllocationOutcome outcome, DateTimeOffset now)
    {
        var current = LoadBalancerServiceMapper.IngressAddresses(service);
        var released = outcome.Released.Select(r => r.Address).ToHashSet(StringComparer.Ordinal);
        IReadOnlyList<string> addresses;
        IReadOnlyList<VirtualService>? wanted = null;
        string reason, message;
        if (!outcome.Succeeded)
        {
            addresses = current.Where(a => !released.Contains(a)).ToList();
            (reason, message) = (outcome.Failure!.Reason.ToString(), outcome.Failure.Message);
        }
        else if (LoadBalancerTranslation.Translate(mapped, outcome.Addresses) is { Succeeded: false } refused)
        {
            // What works keeps working: the addresses it holds (those allocation still gives it), its VirtualServices.
            addresses = current.Where(outcome.Addresses.Contains).ToList();
            (reason, message) = (refused.Refusal!.Reason, refused.Refusal.Message);
        }
        else
        {
            addresses = outcome.Addresses;
            wanted = LoadBalancerTranslation.Translate(mapped, outcome.Addresses).VirtualServices;
            (reason, message) = (LoadBalancerConditions.ReasonAllocated, LoadBalancerConditions.AllocatedMessage(addresses, outcome.Pool));
        }

        var allocated = reason == LoadBalancerConditions.ReasonAllocated;
        var conditions = LoadBalancerConditions.With(service.Status?.Conditions, allocated, reason, message, service.Metadata.Generation, now);
        var ingress = addresses.Select(a => new LoadBalancerIngress { Ip = a, IpMode = LoadBalancerIngress.ModeVip }).ToList();
        var status = SameIngress(service.Status?.LoadBalancer?.Ingress, ingress) && LoadBalancerConditions.Same(service.Status?.Conditions, conditions)
            ? null
            : new ServiceStatusChange(service, ingress, conditions);
        return new OneDecision(addresses, wanted, status, Events(service, current, addresses, LoadBalancerConditions.Ours(conditions)!, outcome.Released));
    }

    /// <summary>
    /// IPAllocated when the Service's addresses change to some, AddressReleased for each it must give up (it held it,
    /// so this comes once), AllocationFailed when the condition turns to a new reason: never one per pass.
    /// </summary>
    private static List<ControllerEvent> Events(Service service, IReadOnlyList<string> before, IReadOnlyList<string> after, Condition now, IReadOnlyList<ReleasedAddress> released)
    {
        var regarding = new ResourceRef("Service", service.Metadata.Namespace ?? "", service.Metadata.Name);
        var uid = service.Metadata.Uid ?? "";
        var events = new List<ControllerEvent>();
        if (after.Count > 0 && !after.SequenceEqual(before))
            events.Add(new ControllerEvent(regarding, uid, ControllerEvent.Normal, LoadBalancerConditions.IPAllocated, $"Assigned IP {string.Join(", ", after)}: {now.Message}"));
        var previous = LoadBalancerConditions.Ours(service.Status?.Conditions);
        var turned = previous is null || previous.Status != now.Status || previous.Reason != now.Reason;
        foreach (var r in released.Where(r => before.Contains(r.Address)))
            events.Add(new ControllerEvent(regarding, uid, ControllerEvent.Warning, LoadBalancerConditions.AddressReleased, $"{r.Address}: {r.Reason}: {r.Message}"));
        if (now.Status == ConditionStatus.False && turned)
            events.Add(new ControllerEvent(regarding, uid, ControllerEvent.Warning, LoadBalancerConditions.AllocationFailed, $"{now.Reason}: {now.Message}"));
        return events;
    }

    private static bool SameIngress(IReadOnlyList<LoadBalancerIngress>? current, IReadOnlyList<LoadBalancerIngress> wanted) =>
        (current ?? []).SequenceEqual(wanted);

    private static bool SameStatus(AddressPoolStatus? current, AddressPoolStatus wanted) =>
        current is not null && Json(current with { Conditions = null }) == Json(wanted with { Conditions = null })
        && LoadBalancerConditions.Same(current.Conditions, wanted.Conditions);

    private static string Json(AddressPoolStatus status) => JsonSerializer.Serialize(status, ResourceJsonContext.Default.AddressPoolStatus);

    private static GeneratedChange Delete(VirtualService vs) => new(GeneratedChangeKind.Delete, vs);

    private sealed record OneDecision(IReadOnlyList<string> Addresses, IReadOnlyList<VirtualService>? Wanted, ServiceStatusChange? Status, List<ControllerEvent> Events);
}
