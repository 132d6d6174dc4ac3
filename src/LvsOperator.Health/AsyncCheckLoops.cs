using LvsOperator.Health.Checks;

namespace LvsOperator.Health;

/// <summary>
/// The checks that are not polled (HTTP, HTTPS, DNS, and every check when no poller runs): one async loop per
/// target on a <see cref="PeriodicTimer"/> (timers, not threads), its first check after the jitter the scheduler
/// picked, at most <see cref="HealthSchedulerOptions.MaxConcurrentChecks"/> in flight, each cut off at its timeout.
/// </summary>
internal sealed class AsyncCheckLoops(
    IHealthChecker checker, TimeProvider time, HealthSchedulerOptions options, AsyncCheckLoops.Completion completed)
    : IDisposable
{
    private readonly SemaphoreSlim _slots = new(Math.Max(1, options.MaxConcurrentChecks));

    public delegate void Completion(TargetRun run, HealthCheckResult result, TimeSpan duration);

    /// <summary>Starts the loop of <paramref name="run"/>, first after <paramref name="jitter"/> x its interval.</summary>
    public void Start(TargetRun run, double jitter)
    {
        // The jitter timer starts here, so the first checks spread over the interval after Configure, however
        // late the thread pool gets to each loop.
        var delay = jitter > 0 ? Task.Delay(run.Target.Probe.Interval * jitter, time, run.Stopping) : Task.CompletedTask;
        run.Loop = Task.Run(() => RunAsync(run, delay));
    }

    private async Task RunAsync(TargetRun run, Task jitter)
    {
        var probe = run.Target.Probe;
        try
        {
            await jitter.ConfigureAwait(false);
            using var timer = new PeriodicTimer(probe.Interval, time);
            do
            {
                await CheckAsync(run, probe).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(run.Stopping).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (run.Stopping.IsCancellationRequested)
        {
        }
        finally
        {
            run.Dispose();
        }
    }

    private async Task CheckAsync(TargetRun run, HealthProbe probe)
    {
        await _slots.WaitAsync(run.Stopping).ConfigureAwait(false);
        var started = time.GetTimestamp();
        HealthCheckResult result;
        try
        {
            // The token lets a checker abort its socket; WaitAsync on the same token holds the bound even if one
            // does not listen, without a second timer per check.
            using var timeout = new CancellationTokenSource(probe.Timeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(run.Stopping, timeout.Token);
            var check = checker.CheckAsync(run.Target, linked.Token).AsTask();
            result = await check.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!run.Stopping.IsCancellationRequested)
        {
            result = HealthCheckResult.Failed($"no answer within {probe.Timeout.TotalMilliseconds} ms");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            result = HealthCheckResult.Failed(e.Message);
        }
        finally
        {
            _slots.Release();
        }

        completed(run, result, time.GetElapsedTime(started));
    }

    public void Dispose() => _slots.Dispose();
}
