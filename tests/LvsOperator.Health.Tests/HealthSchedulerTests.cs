using System.Collections.Concurrent;
using System.Net;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Resources;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace LvsOperator.Health.Tests;

/// <summary>The scheduler on a fake clock with a scripted checker: each tick of the clock is one check.</summary>
public sealed class HealthSchedulerTests : IAsyncLifetime
{
    private static readonly ServiceKey Web = new VirtualAddressKey(Protocol.Tcp, IPAddress.Parse("192.0.2.1"), 80);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(400);

    private readonly FakeTimeProvider _time = new();
    private readonly ScriptedChecker _checker = new();
    private readonly ConcurrentQueue<(HealthTransition Transition, int Calls)> _transitions = new();
    private readonly ConcurrentQueue<QuorumTransition> _quorums = new();
    private readonly ConcurrentQueue<PanicTransition> _panics = new();
    private HealthScheduler _scheduler = null!;

    public Task InitializeAsync()
    {
        _scheduler = Scheduler(new HealthSchedulerOptions { JitterStart = false });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _scheduler.DisposeAsync();

    [Fact]
    public async Task An_up_target_goes_down_at_the_fall_th_failure_and_up_again_at_the_rise_th_success()
    {
        var a = Target("198.18.0.1", rise: 2, fall: 3);
        _scheduler.Configure([Service([a])]);
        await FirstCheckAsync(a);

        _checker.SetHealthy(a.Key, false);
        for (var i = 0; i < 3; i++) await TickAsync(a);
        await Eventually.TrueAsync(() => _scheduler.Snapshot().StateOf(a.Key) == HealthState.Down, "the target down");
        _checker.SetHealthy(a.Key, true);
        for (var i = 0; i < 2; i++) await TickAsync(a);
        await Eventually.TrueAsync(() => _scheduler.Snapshot().StateOf(a.Key) == HealthState.Up, "the target up");

        // Transitions at the 4th check (1 success, then 3 failures) and the 6th (2 successes).
        Assert.Equal([(HealthState.Down, 4), (HealthState.Up, 6)], _transitions.Select(t => (t.Transition.State, t.Calls)));
        Assert.Equal("scripted failure", _transitions.First().Transition.Failure);
    }

    [Fact]
    public async Task A_target_that_starts_down_needs_rise_successes_before_it_serves()
    {
        var a = Target("198.18.0.1", rise: 2, initial: HealthState.Down);
        _scheduler.Configure([Service([a])]);

        Assert.Equal(HealthState.Down, _scheduler.Snapshot().StateOf(a.Key));
        await FirstCheckAsync(a);
        await TickAsync(a);
        await Eventually.TrueAsync(() => _scheduler.Snapshot().StateOf(a.Key) == HealthState.Up, "the target up");
        Assert.Equal(2, Assert.Single(_transitions).Calls);
    }

    [Fact]
    public async Task A_check_that_outlives_its_timeout_is_a_failure()
    {
        var a = Target("198.18.0.1", fall: 1);
        _checker.Hanging[a.Key] = true;
        _scheduler.Configure([Service([a])]);
        await FirstCheckAsync(a);

        _time.Advance(Timeout);

        await Eventually.TrueAsync(() => _scheduler.Snapshot().StateOf(a.Key) == HealthState.Down, "the timeout to fail the check");
        Assert.Contains("no answer within 400 ms", _transitions.Single().Transition.Failure);
    }

    [Fact]
    public async Task Reconfiguring_keeps_the_state_of_kept_targets_starts_new_ones_in_their_initial_state_and_stops_removed_ones()
    {
        var a = Target("198.18.0.1", fall: 1);
        var b = Target("198.18.0.2", fall: 1);
        _scheduler.Configure([Service([a, b])]);
        await FirstCheckAsync(a);
        _checker.SetHealthy(a.Key, false);
        await TickAsync(a);
        await Eventually.TrueAsync(() => _scheduler.Snapshot().StateOf(a.Key) == HealthState.Down, "a down");

        var c = Target("198.18.0.3", initial: HealthState.Down);
        _scheduler.Configure([Service([a with { Weight = 5 }, c])]);

        var snapshot = _scheduler.Snapshot();
        Assert.Equal(HealthState.Down, snapshot.StateOf(a.Key));
        Assert.Equal(HealthState.Down, snapshot.StateOf(c.Key));
        Assert.Null(snapshot.StateOf(b.Key));
        await FirstCheckAsync(c);
        var bChecks = _checker.Calls(b.Key);
        await TickAsync(a);
        await TickAsync(a);
        Assert.Equal(bChecks, _checker.Calls(b.Key));
        Assert.Equal(HealthState.Down, _scheduler.Snapshot().StateOf(a.Key));
    }

    [Fact]
    public async Task Losing_weight_below_the_quorum_raises_a_quorum_transition()
    {
        var heavy = Target("198.18.0.1", weight: 2, fall: 1);
        var light = Target("198.18.0.2", weight: 1, fall: 1);
        _scheduler.Configure([Service([heavy, light], new HealthPolicy(MinimumHealthyWeight: 3))]);
        await FirstCheckAsync(heavy);
        Assert.True(_scheduler.Snapshot().HasQuorum(Web));

        _checker.SetHealthy(light.Key, false);
        await TickAsync(light);

        await Eventually.TrueAsync(() => !_scheduler.Snapshot().HasQuorum(Web), "the quorum lost");
        Assert.Equal(new QuorumTransition(Web, false, 2), Assert.Single(_quorums));
    }

    [Fact]
    public async Task Restored_verdicts_override_the_initial_state_once_and_the_counters_decide_after()
    {
        var wasDown = Target("198.18.0.1", rise: 2);
        var wasUp = Target("198.18.0.2", initial: HealthState.Down);
        var fresh = Target("198.18.0.3");
        _scheduler.Restore([new(wasDown.Key, HealthState.Down), new(wasUp.Key, HealthState.Up)]);

        _scheduler.Configure([Service([wasDown, wasUp, fresh])]);

        var snapshot = _scheduler.Snapshot();
        Assert.Equal(HealthState.Down, snapshot.StateOf(wasDown.Key));
        Assert.Equal(HealthState.Up, snapshot.StateOf(wasUp.Key));
        Assert.Equal(HealthState.Up, snapshot.StateOf(fresh.Key));
        Assert.Empty(_transitions);

        // Two successes bring the restored-down server up, as after any transition to down.
        await FirstCheckAsync(wasDown);
        await TickAsync(wasDown);
        await Eventually.TrueAsync(() => _scheduler.Snapshot().StateOf(wasDown.Key) == HealthState.Up, "the restored-down server up");

        // Used once: removed, then configured again, a target starts in its initial state.
        _scheduler.Configure([Service([fresh])]);
        _scheduler.Configure([Service([fresh, wasUp])]);
        Assert.Equal(HealthState.Down, _scheduler.Snapshot().StateOf(wasUp.Key));
    }

    [Fact]
    public void A_quorum_computed_at_the_first_configuration_counts_restored_verdicts()
    {
        var a = Target("198.18.0.1", weight: 2);
        var b = Target("198.18.0.2", weight: 2);
        _scheduler.Restore([new(a.Key, HealthState.Down), new(b.Key, HealthState.Down)]);

        _scheduler.Configure([Service([a, b], new HealthPolicy(MinimumHealthyWeight: 1, PanicThreshold: 50))]);

        Assert.False(_scheduler.Snapshot().HasQuorum(Web));
        Assert.True(_scheduler.Snapshot().InPanic(Web));
        Assert.Equal(new PanicTransition(Web, true, 0, 4), Assert.Single(_panics));
    }

    [Fact]
    public async Task Every_server_failing_in_one_tick_puts_the_service_in_panic_mode_and_recovery_takes_it_out()
    {
        var targets = Enumerable.Range(1, 3).Select(i => Target($"198.18.0.{i}", rise: 1, fall: 1)).ToList();
        _scheduler.Configure([Service(targets, new HealthPolicy(PanicThreshold: 50))]);
        foreach (var t in targets) await FirstCheckAsync(t);
        Assert.False(_scheduler.Snapshot().InPanic(Web));

        // A stalled director: every check of the tick times out.
        foreach (var t in targets) _checker.SetHealthy(t.Key, false);
        await TickAllAsync(targets);
        await Eventually.TrueAsync(() => _scheduler.Snapshot().InPanic(Web), "panic mode");
        Assert.Equal(new PanicTransition(Web, true, 1, 3), Assert.Single(_panics));
        await Eventually.TrueAsync(() => targets.All(t => _scheduler.Snapshot().StateOf(t.Key) == HealthState.Down), "every target down");

        // Two of three back: 67 % healthy, out of panic; the third stays out by its own verdict.
        _checker.SetHealthy(targets[0].Key, true);
        _checker.SetHealthy(targets[1].Key, true);
        await TickAllAsync(targets);
        await Eventually.TrueAsync(() => !_scheduler.Snapshot().InPanic(Web), "panic mode left");
        Assert.Equal([true, false], _panics.Select(p => p.InPanic));
        Assert.Equal(new PanicTransition(Web, false, 2, 3), _panics.Last());
    }

    [Fact]
    public async Task A_service_no_longer_checked_leaves_panic_mode()
    {
        var a = Target("198.18.0.1");
        _scheduler.Restore([new(a.Key, HealthState.Down)]);
        _scheduler.Configure([Service([a], new HealthPolicy(PanicThreshold: 50))]);
        await Eventually.TrueAsync(() => _panics.Count == 1, "panic mode entered");

        _scheduler.Configure([]);

        Assert.Equal(new PanicTransition(Web, false, 0, 0), _panics.Last());
        Assert.False(_scheduler.Snapshot().InPanic(Web));
    }

    [Fact]
    public async Task No_more_checks_than_the_cap_are_in_flight()
    {
        await _scheduler.DisposeAsync();
        _scheduler = Scheduler(new HealthSchedulerOptions { JitterStart = false, MaxConcurrentChecks = 2 });
        var targets = Enumerable.Range(1, 5).Select(i => Target($"198.18.0.{i}")).ToList();
        foreach (var t in targets) _checker.Hanging[t.Key] = true;
        _scheduler.Configure([Service(targets)]);
        int Started() => targets.Sum(t => _checker.Calls(t.Key));

        await Eventually.TrueAsync(() => Started() == 2, "two checks in flight");
        await Task.Delay(200);
        Assert.Equal(2, Started());
        _time.Advance(Timeout);
        await Eventually.TrueAsync(() => Started() == 4, "the next two once the first two timed out");
    }

    [Fact]
    public async Task Jittered_starts_spread_the_first_checks_over_the_first_interval()
    {
        await _scheduler.DisposeAsync();
        _scheduler = Scheduler(new HealthSchedulerOptions());
        var targets = Enumerable.Range(1, 100).Select(i => Target($"198.18.1.{i}")).ToList();
        _scheduler.Configure([Service(targets)]);
        int Checked() => targets.Count(t => _checker.Calls(t.Key) > 0);

        _time.Advance(Interval / 2);
        await Eventually.TrueAsync(() => Checked() > 0, "some targets checked in the first half interval");
        await Task.Delay(200);
        Assert.InRange(Checked(), 1, 99);
        _time.Advance(Interval / 2);
        await Eventually.TrueAsync(() => Checked() == 100, "every target checked within one interval");
    }

    [Fact]
    public async Task Disposing_twice_stops_the_checks_once_and_does_not_throw()
    {
        var a = Target("198.18.0.9");
        var scheduler = Scheduler(new HealthSchedulerOptions { JitterStart = false });
        scheduler.Configure([Service([a])]);
        await FirstCheckAsync(a);

        await scheduler.DisposeAsync();
        await scheduler.DisposeAsync();

        var calls = _checker.Calls(a.Key);
        _time.Advance(Interval * 3);
        Assert.Equal(calls, _checker.Calls(a.Key));
    }

    private HealthScheduler Scheduler(HealthSchedulerOptions options)
    {
        var scheduler = new HealthScheduler(_checker, _time, options, NullLogger<HealthScheduler>.Instance);
        scheduler.TargetTransitioned += t => _transitions.Enqueue((t, _checker.Calls(t.Target)));
        scheduler.QuorumTransitioned += _quorums.Enqueue;
        scheduler.PanicTransitioned += _panics.Enqueue;
        return scheduler;
    }

    private Task FirstCheckAsync(HealthTarget target) =>
        Eventually.TrueAsync(() => _checker.Calls(target.Key) > 0, $"the first check of {target.Key}");

    /// <summary>One interval on the clock, then the check it starts.</summary>
    private async Task TickAsync(HealthTarget target)
    {
        var before = _checker.Calls(target.Key);
        _time.Advance(Interval);
        await Eventually.TrueAsync(() => _checker.Calls(target.Key) > before, $"a check of {target.Key}");
    }

    /// <summary>One interval on the clock, then every target's check it starts.</summary>
    private async Task TickAllAsync(List<HealthTarget> targets)
    {
        var before = targets.Select(t => _checker.Calls(t.Key)).ToList();
        _time.Advance(Interval);
        for (var i = 0; i < targets.Count; i++)
        {
            var (target, calls) = (targets[i], before[i]);
            await Eventually.TrueAsync(() => _checker.Calls(target.Key) > calls, $"a check of {target.Key}");
        }
    }

    private static HealthCheckedService Service(IReadOnlyList<HealthTarget> targets, HealthPolicy? policy = null) =>
        new(Web, policy ?? new HealthPolicy(), targets);

    private static HealthTarget Target(string address, int weight = 1, int rise = 2, int fall = 3, HealthState initial = HealthState.Up) =>
        new(new HealthTargetKey(Web, new DestinationKey(IPAddress.Parse(address), 80)), weight,
            new HealthProbe(HealthCheckType.Tcp, 80, Interval, Timeout, rise, fall, initial));
}
