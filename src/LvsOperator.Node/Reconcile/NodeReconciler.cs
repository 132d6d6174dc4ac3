using System.Collections.Immutable;
using System.Diagnostics;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Planning;
using LvsOperator.Netlink;
using LvsOperator.Node.Kernel;
using LvsOperator.Node.Ledger;

namespace LvsOperator.Node.Reconcile;

/// <summary>
/// One level-triggered cycle: read the node, plan against the ledger, apply, record what succeeded. The
/// ledger, on disk, is all that must survive. The last read, less the services the cycle then changed, is kept as
/// the kernel view: a cycle woken by a change skips the destination dumps of services nothing asked to change
/// (<see cref="ReadScope.ChangedServices"/>), and when only services moved since a clean cycle it reads and plans
/// those services alone (issue 14).
/// </summary>
public sealed class NodeReconciler
{
    private readonly INodeKernel _kernel;
    private readonly LedgerStore _store;
    private readonly DrainPolicy _drain;
    private readonly TimeProvider _time;
    private OwnedState _owned;
    private (NodeDesiredState Desired, ObservedState View, bool Clean)? _last;

    /// <exception cref="InvalidDataException">The stored ledger cannot be read; the agent must not guess what it owns.</exception>
    public NodeReconciler(INodeKernel kernel, LedgerStore store, DrainPolicy drain, TimeProvider time)
    {
        (_kernel, _store, _drain, _time) = (kernel, store, drain, time);
        _owned = store.Load();
    }

    public OwnedState Owned => _owned;

    /// <exception cref="Exception">The node could not be read; nothing was changed.</exception>
    public async Task<ReconcileResult> ReconcileAsync(
        NodeDesiredState desired, CancellationToken cancellationToken, ReadScope read = ReadScope.Everything)
    {
        var started = Stopwatch.GetTimestamp();
        var services = read == ReadScope.ChangedServices ? ServicesOnly(desired) : null;
        var scope = new KernelScope(
            desired.Sysctls.Keys.Concat(_owned.SysctlOriginals.Keys).ToHashSet(StringComparer.Ordinal),
            desired.Links.Keys.Concat(_owned.CreatedLinks).Concat(_owned.RaisedLinks).ToHashSet(StringComparer.Ordinal))
        {
            Known = read == ReadScope.ChangedServices && services is null ? Unchanged(desired) : ImmutableDictionary<ServiceKey, ObservedService>.Empty,
            SourceNat = !desired.SourceNat.IsEmpty || _owned.SourceNatTable,
            FouPorts = !desired.GuePorts.IsEmpty || !_owned.GuePorts.IsEmpty,
        };
        var view = _last?.View;
        _last = null; // a read or an apply that fails part-way leaves nothing to trust
        var observed = services is null
            ? await _kernel.ReadAsync(scope, cancellationToken)
            : view! with { Services = view.Services.RemoveRange(services).SetItems(await _kernel.ReadServicesAsync(services, cancellationToken)) };
        var readDone = Stopwatch.GetTimestamp();
        var now = _time.GetUtcNow();
        var (plan, pruned) = services is null
            ? (Planner.Plan(desired, observed, _owned, now, _drain), _owned.Prune(observed))
            : (Planner.PlanServices(desired, observed, _owned, now, _drain, services), _owned.PruneServices(observed, services));
        var planDone = Stopwatch.GetTimestamp();

        IReadOnlyList<OperationOutcome> outcomes = plan.IsEmpty ? [] : await _kernel.ApplyAsync(plan.Operations, cancellationToken);
        var owned = outcomes.Where(o => o.Succeeded).Aggregate(pruned, (ledger, o) => ledger.After(o.Operation, now));
        owned = owned with { Services = owned.Services.Union(StillThere(outcomes)) };
        if (!SameLedger(owned, _owned)) _store.Save(owned);
        _owned = owned;
        // What the cycle changed is read again when next needed: the view holds only what a read saw and nothing changed since.
        var touched = outcomes.Select(o => ServiceOf(o.Operation)).OfType<ServiceKey>().ToHashSet();
        _last = (desired, observed with { Services = observed.Services.RemoveRange(touched) }, outcomes.All(o => o.Succeeded));

        return new ReconcileResult(plan, outcomes, Stopwatch.GetElapsedTime(started))
        {
            Draining = owned.Draining.Keys.ToList(),
            ServicesOnly = services is not null,
            Read = Stopwatch.GetElapsedTime(started, readDone),
            Planning = Stopwatch.GetElapsedTime(readDone, planDone),
            Apply = Stopwatch.GetElapsedTime(planDone),
        };
    }

    /// <summary>
    /// The services to read and plan when nothing but services moved since a cycle that applied all it planned: those
    /// whose desired state changed, and those draining (drains end on fresh connection counts). Null when the whole
    /// node must be read: after a failure, when anything else moved, or while a removed service drains (its VIP, links
    /// and sysctls wait for it, and only a whole plan lets them go).
    /// </summary>
    private HashSet<ServiceKey>? ServicesOnly(NodeDesiredState desired)
    {
        if (_last is not { Clean: true } last || !DesiredChanges.SameBeyondServices(desired, last.Desired)) return null;
        var draining = _owned.Draining.Keys.Select(d => d.Service).ToHashSet();
        if (!draining.All(last.Desired.Services.ContainsKey)) return null;
        var services = DesiredChanges.ChangedServices(last.Desired, desired);
        services.UnionWith(draining);
        return services;
    }

    /// <summary>
    /// Owned services a dump missed: IPVS dumps resume by position in a table all namespaces share, so churn
    /// elsewhere can skip an entry. Re-adding it then fails with EEXIST, which proves it is still there and
    /// still ours; forgetting it would make it look foreign forever.
    /// </summary>
    private IEnumerable<ServiceKey> StillThere(IReadOnlyList<OperationOutcome> outcomes) => outcomes
        .Where(o => o is { Operation: AddService, Error: NetlinkException { IsAlreadyExists: true } })
        .Select(o => ((AddService)o.Operation).Service.Key)
        .Where(_owned.Services.Contains);

    /// <summary>
    /// Services of the kernel view whose destinations still hold: not draining (drains end on fresh connection
    /// counts), and desired exactly as last time.
    /// </summary>
    private ImmutableDictionary<ServiceKey, ObservedService> Unchanged(NodeDesiredState desired)
    {
        if (_last is not var (lastDesired, view, _)) return ImmutableDictionary<ServiceKey, ObservedService>.Empty;
        var draining = _owned.Draining.Keys.Select(d => d.Service).ToHashSet();
        return view.Services
            .Where(s => !draining.Contains(s.Key) && SameDesired(s.Key, desired, lastDesired))
            .ToImmutableDictionary();
    }

    private static bool SameDesired(ServiceKey key, NodeDesiredState now, NodeDesiredState before) =>
        (now.Services.TryGetValue(key, out var a), before.Services.TryGetValue(key, out var b)) switch
        {
            (false, false) => true,
            (true, true) => DesiredChanges.Same(a!, b!),
            _ => false,
        };

    private static ServiceKey? ServiceOf(Operation operation) => operation switch
    {
        AddService o => o.Service.Key,
        UpdateService o => o.Service.Key,
        DeleteService o => o.Key,
        AddDestination o => o.Service,
        UpdateDestination o => o.Service,
        DrainDestination o => o.Service,
        DeleteDestination o => o.Service,
        _ => null,
    };

    private static bool SameLedger(OwnedState a, OwnedState b) =>
        a.Services.SetEquals(b.Services)
        && a.SourceNatTable == b.SourceNatTable
        && a.GuePorts.SetEquals(b.GuePorts)
        && a.Addresses.SetEquals(b.Addresses)
        && a.CreatedLinks.SetEquals(b.CreatedLinks)
        && a.RaisedLinks.SetEquals(b.RaisedLinks)
        && a.SysctlOriginals.Count == b.SysctlOriginals.Count && a.SysctlOriginals.All(s => b.SysctlOriginals.TryGetValue(s.Key, out var v) && v == s.Value)
        && a.Draining.Count == b.Draining.Count && a.Draining.All(d => b.Draining.TryGetValue(d.Key, out var v) && v == d.Value);
}
