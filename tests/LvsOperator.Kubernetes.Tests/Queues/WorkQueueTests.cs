using LvsOperator.Kubernetes.Queues;
using Microsoft.Extensions.Time.Testing;

namespace LvsOperator.Kubernetes.Tests.Queues;

public sealed class WorkQueueTests
{
    private readonly FakeTimeProvider time = new();

    private WorkQueue<string> NewQueue(WorkQueueOptions? options = null) => new(options, time);

    [Fact]
    public async Task A_key_added_twice_while_waiting_is_handed_out_once()
    {
        using var queue = NewQueue();
        queue.Add("a");
        queue.Add("b");
        queue.Add("a");

        Assert.Equal(2, queue.Count);
        Assert.Equal(("a", false), await queue.GetAsync());
        Assert.Equal(("b", false), await queue.GetAsync());
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task A_key_added_while_in_flight_waits_for_Done_and_is_handed_out_once_more()
    {
        using var queue = NewQueue();
        queue.Add("a");
        var (key, _) = await queue.GetAsync();

        queue.Add("a");
        queue.Add("a");
        var second = queue.GetAsync().AsTask();
        Assert.Equal(0, queue.Count);
        Assert.False(second.IsCompleted);

        queue.Done(key);
        Assert.Equal(("a", false), await second);
        queue.Done("a");
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task Done_without_a_new_add_does_not_hand_the_key_out_again()
    {
        using var queue = NewQueue();
        queue.Add("a");
        var (key, _) = await queue.GetAsync();
        queue.Done(key);

        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void AddAfter_holds_the_key_until_its_delay_has_passed()
    {
        using var queue = NewQueue();
        queue.AddAfter("a", TimeSpan.FromSeconds(10));

        time.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(0, queue.Count);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public void Of_two_delays_for_a_key_the_earlier_wins_and_the_key_comes_once()
    {
        using var queue = NewQueue();
        queue.AddAfter("a", TimeSpan.FromSeconds(10));
        queue.AddAfter("a", TimeSpan.FromSeconds(3));
        queue.AddAfter("a", TimeSpan.FromSeconds(5));

        time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(1, queue.Count);
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public void A_zero_delay_adds_at_once()
    {
        using var queue = NewQueue();
        queue.AddAfter("a", TimeSpan.Zero);

        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public void Rate_limited_adds_double_the_delay_per_failure_from_5ms()
    {
        using var queue = NewQueue();

        Assert.Equal(TimeSpan.FromMilliseconds(5), queue.AddRateLimited("a"));
        Assert.Equal(TimeSpan.FromMilliseconds(10), queue.AddRateLimited("a"));
        Assert.Equal(TimeSpan.FromMilliseconds(20), queue.AddRateLimited("a"));
        Assert.Equal(3, queue.NumRequeues("a"));
        Assert.Equal(TimeSpan.FromMilliseconds(5), queue.AddRateLimited("b"));
    }

    [Fact]
    public void Forget_restarts_the_backoff()
    {
        using var queue = NewQueue();
        queue.AddRateLimited("a");
        queue.AddRateLimited("a");

        queue.Forget("a");

        Assert.Equal(0, queue.NumRequeues("a"));
        Assert.Equal(TimeSpan.FromMilliseconds(5), queue.AddRateLimited("a"));
    }

    [Fact]
    public void The_backoff_stops_growing_at_its_cap()
    {
        using var queue = NewQueue(new WorkQueueOptions { BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(10) });
        var delays = Enumerable.Range(0, 100).Select(_ => queue.AddRateLimited("a")).ToList();

        Assert.Equal([1, 2, 4, 8, 10, 10], delays.Take(6).Select(d => d.TotalSeconds));
        Assert.Equal(TimeSpan.FromSeconds(10), delays[^1]);
    }

    [Fact]
    public void The_default_cap_is_client_gos_1000_seconds()
    {
        using var queue = NewQueue();
        var last = Enumerable.Range(0, 40).Select(_ => queue.AddRateLimited("a")).ToList()[^1];

        Assert.Equal(TimeSpan.FromSeconds(1000), last);
    }

    [Fact]
    public void A_rate_limited_key_becomes_ready_after_its_backoff()
    {
        using var queue = NewQueue();
        queue.AddRateLimited("a");
        queue.AddRateLimited("a");

        // The second add's 10 ms delay cannot move the first one's 5 ms later: the earlier wins.
        time.Advance(TimeSpan.FromMilliseconds(4));
        Assert.Equal(0, queue.Count);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public async Task After_shutdown_ready_keys_are_still_handed_out_then_GetAsync_reports_shutdown()
    {
        using var queue = NewQueue();
        queue.Add("a");
        queue.ShutDown();
        queue.Add("b");

        Assert.Equal(("a", false), await queue.GetAsync());
        var (_, shutDown) = await queue.GetAsync();
        Assert.True(shutDown);
        Assert.True(queue.IsShuttingDown);
    }

    [Fact]
    public async Task Shutdown_wakes_a_waiting_worker()
    {
        using var queue = NewQueue();
        var waiting = queue.GetAsync().AsTask();
        Assert.False(waiting.IsCompleted);

        queue.ShutDown();

        Assert.True((await waiting).ShutDown);
    }

    [Fact]
    public void Shutdown_drops_delayed_keys()
    {
        using var queue = NewQueue();
        queue.AddAfter("a", TimeSpan.FromSeconds(1));
        queue.ShutDown();

        time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task Shutdown_with_drain_waits_for_the_keys_in_flight()
    {
        using var queue = NewQueue();
        queue.Add("a");
        queue.Add("b");
        var (a, _) = await queue.GetAsync();
        var (b, _) = await queue.GetAsync();

        var drained = queue.ShutDownWithDrainAsync();
        Assert.False(drained.IsCompleted);
        queue.Done(a);
        Assert.False(drained.IsCompleted);
        queue.Done(b);

        await drained.WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Shutdown_with_drain_and_nothing_in_flight_completes_at_once()
    {
        using var queue = NewQueue();

        await queue.ShutDownWithDrainAsync().WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task GetAsync_honours_cancellation()
    {
        using var queue = NewQueue();
        using var cancel = new CancellationTokenSource();
        var waiting = queue.GetAsync(cancel.Token).AsTask();

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }
}
