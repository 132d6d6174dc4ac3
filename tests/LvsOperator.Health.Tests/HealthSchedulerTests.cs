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

    private static HealthCheckedService Service(IReadOnlyList<HealthTarget> targets, HealthPolicy? policy = null) =>
        new(Web, policy ?? new HealthPolicy(), targets);

    private static HealthTarget Target(string address, int weight = 1, int rise = 2, int fall = 3, HealthState initial = HealthState.Up) =>
        new(new HealthTargetKey(Web, new DestinationKey(IPAddress.Parse(address), 80)), weight,
            new HealthProbe(HealthCheckType.Tcp, 80, Interval, Timeout, rise, fall, initial));
}
