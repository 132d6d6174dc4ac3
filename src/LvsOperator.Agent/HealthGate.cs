using LvsOperator.Core.Kernel;
using LvsOperator.Health;
using LvsOperator.Node.Ledger;
using Microsoft.Extensions.Logging;

namespace LvsOperator.Agent;

/// <summary>
/// Health between the desired state and the planner: every desired service with a check is handed to the
/// scheduler (again whenever the desired state changes), and each cycle plans with the desired state seen
/// through one snapshot of the checks (<see cref="HealthOverlay"/>: a down server inhibited or removed, the sorry
/// server while the quorum is lost). A transition wakes the reconcile loop at once; between transitions the
/// overlay gives the same table, so the kernel changes only when a state flips. The verdicts each cycle plans
/// with are stored (<see cref="VerdictStore"/>) before the planner sees them, and a restarted agent starts from
/// them, so a restart changes nothing in the kernel.
/// </summary>
internal sealed partial class HealthGate : IDisposable
{
    private readonly HealthScheduler _scheduler;
    private readonly AgentMetrics _metrics;
    private readonly VerdictStore _store;
    private readonly ILogger _logger;
    private Dictionary<HealthTargetKey, HealthState>? _stored;
    private readonly SemaphoreSlim _changed = new(0);
    private NodeDesiredState? _configuredFor;
    private Dictionary<ServiceKey, HealthPolicy> _policies = [];
    private HealthSnapshot? _reported;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<HealthTargetKey, string> _failures = new();

    public HealthGate(HealthScheduler scheduler, AgentMetrics metrics, VerdictStore store, ILogger<HealthGate> logger)
    {
        _scheduler = scheduler;
        _metrics = metrics;
        _store = store;
        _logger = logger;
        Restore();
        _scheduler.TargetTransitioned += transition =>
        {
            // Remembered for status: why each down target is down.
            if (transition.State == HealthState.Down) _failures[transition.Target] = transition.Failure ?? "check failed";
            else _failures.TryRemove(transition.Target, out _);
            Signal();
        };
        _scheduler.QuorumTransitioned += _ => Signal();
        _scheduler.PanicTransitioned += _ => Signal();
    }

    /// <summary>The targets the last <see cref="Apply"/> saw down, with the failure that took each down.</summary>
    public IReadOnlyDictionary<(ServiceKey Service, DestinationKey Destination), string> Down { get; private set; } =
        new Dictionary<(ServiceKey, DestinationKey), string>();

    /// <summary>Completes when a target or a service's quorum changed state; the caller then reconciles again.</summary>
    public Task WaitForTransitionAsync(CancellationToken cancellationToken) => _changed.WaitAsync(cancellationToken);

    /// <summary>
    /// <paramref name="desired"/> as the planner should see it now. Called from the reconcile loop only (one
    /// caller at a time); a new desired state (the sources hand out a new object only on a change) reconfigures
    /// the checks first.
    /// </summary>
    public NodeDesiredState Apply(NodeDesiredState desired)
    {
        if (!ReferenceEquals(desired, _configuredFor)) Configure(desired);
        if (_policies.Count == 0)
        {
            Down = new Dictionary<(ServiceKey, DestinationKey), string>();
            return desired;
        }

        var health = _scheduler.Snapshot();
        if (!ReferenceEquals(health, _reported))
        {
            Store(health);
            _metrics.RecordHealth(health);
            _reported = health;
            Down = health.Targets.Where(t => t.Value == HealthState.Down)
                .ToDictionary(t => (t.Key.Service, t.Key.Destination), t => _failures.GetValueOrDefault(t.Key, "check failed"));
        }

        var services = desired.Services.ToBuilder();
        foreach (var (key, policy) in _policies)
            services[key] = HealthOverlay.Apply(desired.Services[key], policy, health);
        return desired with { Services = services.ToImmutable() };
    }

    private void Configure(NodeDesiredState desired)
    {
        var checkedServices = desired.Services.Values
            .Where(s => s.HealthCheck is not null)
            .Select(s => HealthCheckedService.From(s, s.HealthCheck!, s.HealthOverrides))
            .ToList();
        // The scheduler logs what it now checks; a state without checks after one without has nothing to tell it.
        if (checkedServices.Count > 0 || _policies.Count > 0) _scheduler.Configure(checkedServices);

        _policies = checkedServices.ToDictionary(s => s.Service, s => s.Policy);
        _configuredFor = desired;
    }

    /// <summary>
    /// Hands the stored verdicts to the scheduler, whatever their age: the kernel kept the weights they led to
    /// while the agent was away, so starting from them changes nothing, and the rise and fall counters move them
    /// as fast as any other verdict. Verdicts that cannot be read cost only a start from <c>initialState</c>.
    /// </summary>
    private void Restore()
    {
        try
        {
            var verdicts = _store.Load();
            _stored = verdicts.ToDictionary(
                v => new HealthTargetKey(v.Service, v.Destination), v => v.Healthy ? HealthState.Up : HealthState.Down);
            _scheduler.Restore(_stored);
            var down = verdicts.Count(v => !v.Healthy);
            LogRestored(_stored.Count, down);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            LogUnreadable(e, _store.Path);
        }
    }

    /// <summary>Writes the snapshot's verdicts when they differ from the stored ones; a failed write is retried on the next change.</summary>
    private void Store(HealthSnapshot health)
    {
        if (_stored is not null && _stored.Count == health.Targets.Count
            && health.Targets.All(t => _stored.TryGetValue(t.Key, out var state) && state == t.Value)) return;
        try
        {
            _store.Save(health.Targets.Select(t => new StoredVerdict(t.Key.Service, t.Key.Destination, t.Value == HealthState.Up)));
            _stored = new Dictionary<HealthTargetKey, HealthState>(health.Targets);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogNotStored(e, _store.Path);
        }
    }

    private void Signal()
    {
        if (_changed.CurrentCount == 0) _changed.Release();
    }

    public void Dispose() => _changed.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "Restored {Verdicts} health verdict(s), {Down} down, from the last run")]
    private partial void LogRestored(int verdicts, int down);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Health verdicts in {Path} unreadable; every real server starts in its initialState")]
    private partial void LogUnreadable(Exception error, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Health verdicts could not be written to {Path}; a restart now would start from older ones")]
    private partial void LogNotStored(Exception error, string path);
}
