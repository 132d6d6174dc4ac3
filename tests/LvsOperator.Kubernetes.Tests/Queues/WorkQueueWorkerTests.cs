using System.Collections.Concurrent;
using LvsOperator.Kubernetes.Queues;
using LvsOperator.Kubernetes.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace LvsOperator.Kubernetes.Tests.Queues;

public sealed class WorkQueueWorkerTests
{
    private readonly FakeTimeProvider time = new();

    [Fact]
    public async Task A_failed_key_is_retried_after_its_backoff_and_forgotten_on_success()
    {
        using var queue = new WorkQueue<string>(timeProvider: time);
        using var stop = new CancellationTokenSource();
        var attempts = 0;
        var run = queue.RunWorkersAsync(2, (_, _) => Task.FromResult(++attempts < 3 ? WorkResult.Failed : WorkResult.Done), stop.Token);

        queue.Add("a");
        await Eventually.TrueAsync(() => Volatile.Read(ref attempts) == 1 && queue.NumRequeues("a") == 1, "first attempt failed");
        // The worker arms the retry timer just after counting the failure: advance until it has fired.
        await Eventually.TrueAsync(() => Volatile.Read(ref attempts) == 2 && queue.NumRequeues("a") == 2, "second attempt failed", Advance(5));
        time.Advance(TimeSpan.FromMilliseconds(9));
        Assert.Equal(2, Volatile.Read(ref attempts));
        await Eventually.TrueAsync(() => Volatile.Read(ref attempts) == 3 && queue.NumRequeues("a") == 0, "third attempt succeeded and the key was forgotten", Advance(1));

        await stop.CancelAsync();
        await run.WaitAsync(Eventually.Deadline);
    }

    [Fact]
    public async Task A_handler_that_throws_has_its_key_requeued_with_backoff()
    {
        using var queue = new WorkQueue<string>(timeProvider: time);
        using var stop = new CancellationTokenSource();
        var attempts = 0;
        var run = queue.RunWorkersAsync(1, (_, _) =>
            Interlocked.Increment(ref attempts) == 1 ? throw new InvalidOperationException("boom") : Task.FromResult(WorkResult.Done), stop.Token);

        queue.Add("a");
        await Eventually.TrueAsync(() => queue.NumRequeues("a") == 1, "the exception counted as a failure");
        await Eventually.TrueAsync(() => Volatile.Read(ref attempts) == 2 && queue.NumRequeues("a") == 0, "retried and succeeded", Advance(5));

        await stop.CancelAsync();
        await run.WaitAsync(Eventually.Deadline);
    }

    [Fact]
    public async Task RequeueAfter_brings_the_key_back_after_the_delay_without_counting_a_failure()
    {
        using var queue = new WorkQueue<string>(timeProvider: time);
        using var stop = new CancellationTokenSource();
        var attempts = 0;
        var run = queue.RunWorkersAsync(1, (_, _) =>
            Task.FromResult(Interlocked.Increment(ref attempts) == 1 ? WorkResult.After(TimeSpan.FromMinutes(1)) : WorkResult.Done), stop.Token);

        queue.Add("a");
        await Eventually.TrueAsync(() => Volatile.Read(ref attempts) == 1, "first look");
        time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(1, Volatile.Read(ref attempts));
        await Eventually.TrueAsync(() => Volatile.Read(ref attempts) == 2, "second look after a minute", () => time.Advance(TimeSpan.FromSeconds(1)));
        Assert.Equal(0, queue.NumRequeues("a"));

        await stop.CancelAsync();
        await run.WaitAsync(Eventually.Deadline);
    }

    [Fact]
    public async Task A_key_is_never_handled_by_two_workers_at_once_and_an_add_in_flight_runs_it_once_more()
    {
        using var queue = new WorkQueue<string>(timeProvider: time);
        using var stop = new CancellationTokenSource();
        var inFlight = new ConcurrentDictionary<string, int>();
        var maxConcurrent = 0;
        var handled = new ConcurrentQueue<string>();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = queue.RunWorkersAsync(4, async (key, _) =>
        {
            var now = inFlight.AddOrUpdate(key, 1, (_, n) => n + 1);
            InterlockedMax(ref maxConcurrent, now);
            if (handled.IsEmpty)
            {
                handled.Enqueue(key);
                await release.Task;
            }
            else
            {
                handled.Enqueue(key);
            }

            inFlight.AddOrUpdate(key, 0, (_, n) => n - 1);
            return WorkResult.Done;
        }, stop.Token);

        queue.Add("a");
        await Eventually.TrueAsync(() => handled.Count == 1, "the first worker holds a");
        queue.Add("a");
        queue.Add("a");
        queue.Add("a");
        // Three idle workers are waiting; none may take a while it is in flight.
        Assert.Equal(0, queue.Count);
        release.SetResult();
        await Eventually.TrueAsync(() => handled.Count == 2, "a handled once more after Done");

        await stop.CancelAsync();
        await run.WaitAsync(Eventually.Deadline);
        Assert.Equal(1, maxConcurrent);
        Assert.Equal(["a", "a"], handled);
    }

    [Fact]
    public async Task Cancelling_waits_for_the_handler_in_flight_and_shuts_the_queue_down()
    {
        using var queue = new WorkQueue<string>(timeProvider: time);
        using var stop = new CancellationTokenSource();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = queue.RunWorkersAsync(2, async (_, _) =>
        {
            entered.SetResult();
            await finish.Task;
            return WorkResult.Done;
        }, stop.Token);
        queue.Add("a");
        await entered.Task.WaitAsync(Eventually.Deadline);

        await stop.CancelAsync();
        Assert.False(run.IsCompleted);
        finish.SetResult();

        await run.WaitAsync(Eventually.Deadline);
        Assert.True(queue.IsShuttingDown);
    }

    private Action Advance(int milliseconds) => () => time.Advance(TimeSpan.FromMilliseconds(milliseconds));

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
