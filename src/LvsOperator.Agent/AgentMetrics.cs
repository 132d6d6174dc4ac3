using LvsOperator.Core.Planning;
using LvsOperator.Health;
using LvsOperator.Node.Reconcile;
using Prometheus;

namespace LvsOperator.Agent;

/// <summary>
/// The agent's own metrics: how reconciling goes, each checked real server's health and each checked service's
/// panic mode (check latencies and transitions come from the scheduler's meter: <see cref="HealthMeterExporter"/>).
/// </summary>
internal sealed class AgentMetrics
{
    private readonly Histogram _duration = Metrics.CreateHistogram(
        "lvsoperator_reconcile_duration_seconds", "Time of one reconcile cycle: read, plan, apply.",
        new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.001, 2, 14) });

    private readonly Counter _operations = Metrics.CreateCounter(
        "lvsoperator_operations_total", "Kernel operations applied, by kind and result.", "operation", "result");

    private readonly Counter _errors = Metrics.CreateCounter(
        "lvsoperator_reconcile_errors_total", "Cycles that failed before changing anything (the node could not be read).");

    private readonly Gauge _conflicts = Metrics.CreateGauge(
        "lvsoperator_conflicts", "Desired entries not applied because something not owned is in the way.");

    private readonly Gauge _lastSuccess = Metrics.CreateGauge(
        "lvsoperator_last_successful_sync_timestamp_seconds", "When a cycle last completed without a failed operation (Unix time).");

    private readonly Gauge _targetUp = Metrics.CreateGauge(
        "lvsoperator_health_target_up", "1 while a checked real server passes its health check, 0 while it is down.", "service", "destination");

    private readonly Gauge _targets = Metrics.CreateGauge(
        "lvsoperator_health_targets", "Checked real servers by health state.", "state");

    private readonly Gauge _panic = Metrics.CreateGauge(
        "lvsoperator_health_panic", "1 while a checked service is in panic mode (too little weight healthy: health ignored), else 0.", "service");

    private readonly Counter _wakes = Metrics.CreateCounter(
        "lvsoperator_reconcile_wakes_total", "What woke the reconcile loop: the timer (resync or retry; reads the whole node) or a change.", "cause");

    private HashSet<(string Service, string Destination)> _checked = [];
    private HashSet<string> _checkedServices = [];

    public void Record(ReconcileResult result, DateTimeOffset now)
    {
        _duration.Observe(result.Duration.TotalSeconds);
        _conflicts.Set(result.Plan.Conflicts.Count);
        foreach (var outcome in result.Outcomes)
            _operations.WithLabels(Kind(outcome.Operation), outcome.Succeeded ? "success" : "error").Inc();
        if (!result.Failures.Any()) _lastSuccess.Set(now.ToUnixTimeMilliseconds() / 1000.0);
    }

    public void RecordError() => _errors.Inc();

    public void RecordWake(Wake cause) => _wakes.WithLabels(cause switch
    {
        Wake.Timer => "timer",
        Wake.DesiredState => "desired_state",
        Wake.Health => "health",
        _ => "bgp",
    }).Inc();

    /// <summary>Sets every checked target's gauge from one snapshot and drops the series of targets no longer checked.</summary>
    public void RecordHealth(HealthSnapshot health)
    {
        var targets = new HashSet<(string, string)>();
        foreach (var (target, state) in health.Targets)
        {
            var labels = (target.Service.ToString(), target.Destination.ToString());
            targets.Add(labels);
            _targetUp.WithLabels(labels.Item1, labels.Item2).Set(state == HealthState.Up ? 1 : 0);
        }

        foreach (var (service, destination) in _checked.Except(targets)) _targetUp.RemoveLabelled(service, destination);
        _checked = targets;
        var down = health.Targets.Count(t => t.Value == HealthState.Down);
        _targets.WithLabels("up").Set(health.Targets.Count - down);
        _targets.WithLabels("down").Set(down);
        RecordPanic(health);
    }

    private void RecordPanic(HealthSnapshot health)
    {
        var services = new HashSet<string>();
        foreach (var service in health.Services)
        {
            var label = service.ToString();
            services.Add(label);
            _panic.WithLabels(label).Set(health.InPanic(service) ? 1 : 0);
        }

        foreach (var service in _checkedServices.Except(services)) _panic.RemoveLabelled(service);
        _checkedServices = services;
    }

    /// <summary><c>AddDestination</c> becomes <c>add_destination</c>.</summary>
    private static string Kind(Operation operation) =>
        string.Concat(operation.GetType().Name.Select((c, i) => i > 0 && char.IsUpper(c) ? $"_{char.ToLowerInvariant(c)}" : $"{char.ToLowerInvariant(c)}"));
}
