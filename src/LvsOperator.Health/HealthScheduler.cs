using System.Collections.Immutable;
using LvsOperator.Core.Kernel;
using LvsOperator.Health.Checks;
using LvsOperator.Health.Polling;
using Microsoft.Extensions.Logging;

namespace LvsOperator.Health;

/// <summary>
/// Runs every target's checks, each first at a random point of its first interval: TCP checks on the
/// <see cref="TcpConnectPoller"/> when <see cref="HealthSchedulerOptions.PollTcp"/> is set, the rest in
/// <see cref="AsyncCheckLoops"/> through the checker. Results go through each target's
/// <see cref="TargetHealth"/> and each service's <see cref="ServiceHealth"/>; only state changes are logged,
/// counted and raised, and <see cref="Snapshot"/> is what the agent plans with.
/// </summary>
public sealed class HealthScheduler : IAsyncDisposable
{
    private readonly HealthSchedulerOptions _options;
    private readonly ILogger _logger;
    private readonly HealthMetrics _metrics;
    private readonly AsyncCheckLoops _loops;
    private readonly TcpConnectPoller? _poller;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private Dictionary<HealthTargetKey, TargetRun> _targets = [];
    private Dictionary<ServiceKey, (HealthCheckedService Config, ServiceHealth Health)> _services = [];
    private Dictionary<HealthTargetKey, HealthState> _restored = [];
    private HealthSnapshot? _snapshot;
    private int _disposed;

    public HealthScheduler(IHealthChecker checker, TimeProvider time, HealthSchedulerOptions options, ILogger<HealthScheduler> logger, System.Diagnostics.Metrics.IMeterFactory? meterFactory = null)
    {
        _options = options;
        _logger = logger;
        _metrics = new HealthMetrics(CountTargets, meterFactory);
        _loops = new AsyncCheckLoops(checker, time, options, Completed);
        if (!options.PollTcp) return;
        _poller = new TcpConnectPoller(Polled, time, options.MaxConcurrentChecks);
        _poller.Start();
    }

    /// <summary>A target changed state; raised outside the scheduler's lock, after <see cref="Snapshot"/> shows it.</summary>
    public event Action<HealthTransition>? TargetTransitioned;

    /// <summary>A service gained or lost its quorum; raised like <see cref="TargetTransitioned"/>.</summary>
    public event Action<QuorumTransition>? QuorumTransitioned;

    /// <summary>A service entered or left panic mode (<see cref="HealthPanic"/>); raised like <see cref="TargetTransitioned"/>.</summary>
    public event Action<PanicTransition>? PanicTransitioned;

    /// <summary>
    /// The states a previous run of the agent had reached (its stored verdicts): a target configured for the first
    /// time since starts in its stored state rather than its initial state, so a restart changes no weight. The
    /// rise and fall counters decide from there, as after any transition. Each state is used once.
    /// </summary>
    public void Restore(IEnumerable<KeyValuePair<HealthTargetKey, HealthState>> states)
    {
        lock (_gate) _restored = new Dictionary<HealthTargetKey, HealthState>(states);
    }

    /// <summary>
    /// Makes the checked set this one: new targets start in their restored or initial state, removed ones stop,
    /// kept ones keep their state (a changed probe restarts the loop but not the state). Targets of type None are
    /// not run.
    /// </summary>
    public void Configure(IEnumerable<HealthCheckedService> services)
    {
        var quorumChanges = new List<QuorumTransition>();
        var panicChanges = new List<PanicTransition>();
        lock (_gate)
        {
            var targets = new Dictionary<HealthTargetKey, TargetRun>();
            var configs = services.ToList();
            var added = 0;
            foreach (var target in configs.SelectMany(s => s.Targets).Where(t => t.Probe.Type != Core.Resources.HealthCheckType.None))
            {
                if (_targets.TryGetValue(target.Key, out var run) && run.Target.Probe.SameAs(target.Probe))
                {
                    run.Target = target;
                    targets[target.Key] = run;
                    continue;
                }

                var state = run?.Health.State ?? RestoredOrInitial(target);
                if (run is null) added++;
                if (run is not null) Stop(run);
                targets[target.Key] = Start(new TargetRun(target, new TargetHealth(state, target.Probe.Rise, target.Probe.Fall), _stopping.Token));
            }

            var removed = 0;
            foreach (var (key, run) in _targets)
            {
                if (targets.ContainsKey(key)) continue;
                Stop(run);
                removed++;
            }

            _targets = targets;
            _services = ServicesFor(configs, quorumChanges, panicChanges);
            _snapshot = null;
            HealthLog.Configured(_logger, targets.Count, _services.Count, added, removed);
        }

        foreach (var change in quorumChanges) Raise(change);
        foreach (var change in panicChanges) Raise(change);
    }

    /// <summary>
    /// Each service's quorum and panic state for a new configuration: kept where the policy is the same, and
    /// updated to the new weights; new where the policy changed. Changes are added to the lists to raise later.
    /// </summary>
    private Dictionary<ServiceKey, (HealthCheckedService Config, ServiceHealth Health)> ServicesFor(
        List<HealthCheckedService> configs, List<QuorumTransition> quorumChanges, List<PanicTransition> panicChanges)
    {
        var previous = _services;
        var services = configs.ToDictionary(s => s.Service, s =>
        {
            var (weight, total) = (HealthyWeight(s), TotalWeight(s));
            if (previous.TryGetValue(s.Service, out var old) && old.Config.Policy == s.Policy)
            {
                if (old.Health.Update(weight)) quorumChanges.Add(new QuorumTransition(s.Service, old.Health.HasQuorum, weight));
                if (old.Health.UpdatePanic(weight, total)) panicChanges.Add(new PanicTransition(s.Service, old.Health.InPanic, weight, total));
                return (s, old.Health);
            }

            var health = new ServiceHealth(s.Policy.MinimumHealthyWeight, s.Policy.Hysteresis, weight, s.Policy.PanicThreshold, total);
            if (health.InPanic != (old.Health?.InPanic ?? false)) panicChanges.Add(new PanicTransition(s.Service, health.InPanic, weight, total));
            return (s, health);
        });

        // A service no longer checked leaves panic mode with its checks.
        foreach (var (service, gone) in previous)
        {
            if (gone.Health.InPanic && !services.ContainsKey(service)) panicChanges.Add(new PanicTransition(service, false, 0, 0));
        }

        return services;
    }

    /// <summary>The current states, consistent with each other; rebuilt only after something changed.</summary>
    public HealthSnapshot Snapshot()
    {
        lock (_gate)
        {
            return _snapshot ??= new HealthSnapshot(
                _targets.ToImmutableDictionary(t => t.Key, t => t.Value.Health.State),
                _services.ToImmutableDictionary(s => s.Key, s => s.Value.Health.HasQuorum),
                _services.Where(s => s.Value.Health.InPanic).Select(s => s.Key).ToImmutableHashSet());
        }
    }

    /// <summary>Stops every loop and waits for them; a second call does nothing (the host and an owner may both dispose).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _stopping.CancelAsync().ConfigureAwait(false);
        _poller?.Dispose();
        Task[] loops;
        lock (_gate) loops = [.. _targets.Values.Select(t => t.Loop)];
        await Task.WhenAll(loops).ConfigureAwait(false);
        _metrics.Dispose();
        _loops.Dispose();
        _stopping.Dispose();
    }

    private TargetRun Start(TargetRun run)
    {
        var jitter = _options.JitterStart ? Random.Shared.NextDouble() : 0;
        if (IsPolled(run)) _poller!.Add(run, jitter);
        else _loops.Start(run, jitter);
        return run;
    }

    /// <summary>Ends a run: a loop at its next await, a polled one at once (the poller closes its socket).</summary>
    private void Stop(TargetRun run)
    {
        run.Stop();
        if (IsPolled(run)) _poller!.Remove(run);
    }

    private bool IsPolled(TargetRun run) =>
        _poller is not null && run.Target.Probe.Type == Core.Resources.HealthCheckType.Tcp;

    /// <summary>An async loop's result: counted, then recorded.</summary>
    private void Completed(TargetRun run, HealthCheckResult result, TimeSpan duration)
    {
        _metrics.CheckCompleted(run.Target.Probe.Type, result.Healthy, duration);
        Record(run, result);
    }

    /// <summary>The poller's result, always a TCP check's (so the type is not read from the target's probe).</summary>
    private void Polled(TargetRun run, HealthCheckResult result, TimeSpan duration)
    {
        _metrics.CheckCompleted(Core.Resources.HealthCheckType.Tcp, result.Healthy, duration);
        Record(run, result);
    }

    private void Record(TargetRun run, HealthCheckResult result)
    {
        // Most results agree with the state: they change nothing the lock guards (the next snapshot, the quorum).
        if (run.Health.Confirms(result.Healthy)) return;
        HealthTransition transition;
        QuorumTransition? quorum = null;
        PanicTransition? panic = null;
        lock (_gate)
        {
            // A run replaced or removed meanwhile has no say any more.
            if (run.Stopping.IsCancellationRequested || !run.Health.Record(result.Healthy)) return;
            transition = new HealthTransition(run.Target.Key, run.Health.State, result.Healthy ? null : result.Failure);
            if (_services.TryGetValue(run.Target.Key.Service, out var service))
            {
                var (weight, total) = (HealthyWeight(service.Config), TotalWeight(service.Config));
                if (service.Health.Update(weight)) quorum = new QuorumTransition(service.Config.Service, service.Health.HasQuorum, weight);
                if (service.Health.UpdatePanic(weight, total)) panic = new PanicTransition(service.Config.Service, service.Health.InPanic, weight, total);
            }

            _snapshot = null;
        }

        Raise(transition);
        if (quorum is not null) Raise(quorum);
        if (panic is not null) Raise(panic);
    }

    private HealthState RestoredOrInitial(HealthTarget target) =>
        _restored.Remove(target.Key, out var restored) ? restored : target.Probe.InitialState;

    /// <summary>The weight of a service's targets that are up; unchecked ones (type None) count as up.</summary>
    private int HealthyWeight(HealthCheckedService service) =>
        service.Targets.Where(t => !_targets.TryGetValue(t.Key, out var run) || run.Health.State == HealthState.Up).Sum(t => t.Weight);

    private static int TotalWeight(HealthCheckedService service) => service.Targets.Sum(t => t.Weight);

    private (int Up, int Down) CountTargets()
    {
        lock (_gate)
        {
            var down = _targets.Values.Count(t => t.Health.State == HealthState.Down);
            return (_targets.Count - down, down);
        }
    }

    private void Raise(HealthTransition transition)
    {
        if (transition.State == HealthState.Down) HealthLog.TargetDown(_logger, transition.Target, transition.Failure);
        else HealthLog.TargetUp(_logger, transition.Target);
        _metrics.Transitioned(transition.State);
        Invoke(TargetTransitioned, transition);
    }

    private void Raise(QuorumTransition transition)
    {
        if (transition.HasQuorum) HealthLog.QuorumGained(_logger, transition.Service, transition.HealthyWeight);
        else HealthLog.QuorumLost(_logger, transition.Service, transition.HealthyWeight);
        Invoke(QuorumTransitioned, transition);
    }

    private void Raise(PanicTransition transition)
    {
        if (transition.InPanic) HealthLog.PanicEntered(_logger, transition.Service, transition.HealthyWeight, transition.TotalWeight);
        else HealthLog.PanicLeft(_logger, transition.Service, transition.HealthyWeight, transition.TotalWeight);
        Invoke(PanicTransitioned, transition);
    }

    private void Invoke<T>(Action<T>? handler, T value)
    {
        try
        {
            handler?.Invoke(value);
        }
        catch (Exception e)
        {
            HealthLog.HandlerFailed(_logger, e);
        }
    }
}
