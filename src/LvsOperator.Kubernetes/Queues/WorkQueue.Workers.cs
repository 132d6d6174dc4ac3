namespace LvsOperator.Kubernetes.Queues;

/// <summary>The worker loops: the controller-runtime contract of one in-flight handler per key, retries with backoff.</summary>
public sealed partial class WorkQueue<TKey>
{
    /// <summary>
    /// Runs <paramref name="workers"/> loops that hand keys to <paramref name="handler"/> until the token is
    /// cancelled; then shuts the queue down and returns when every in-flight handler has finished. A handler
    /// that throws, or returns <see cref="WorkResult.Failed"/>, has its key requeued with backoff.
    /// </summary>
    public async Task RunWorkersAsync(int workers, Func<TKey, CancellationToken, Task<WorkResult>> handler, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(workers);
        ArgumentNullException.ThrowIfNull(handler);
        WorkQueueLog.WorkersStarted(logger, options.Name, workers);
        var loops = new Task[workers];
        for (var i = 0; i < workers; i++)
        {
            loops[i] = Task.Run(() => WorkAsync(handler, cancellationToken), CancellationToken.None);
        }

        try
        {
            await Task.WhenAll(loops).ConfigureAwait(false);
        }
        finally
        {
            ShutDown();
            WorkQueueLog.WorkersStopped(logger, options.Name);
        }
    }

    private async Task WorkAsync(Func<TKey, CancellationToken, Task<WorkResult>> handler, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TKey key;
            try
            {
                (key, var shutDown) = await GetAsync(cancellationToken).ConfigureAwait(false);
                if (shutDown)
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            try
            {
                Apply(key, await handler(key, cancellationToken).ConfigureAwait(false));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Stopping: the key is neither failed nor done.
            }
#pragma warning disable CA1031 // A handler's failure of any kind is a retry of its key, never the end of the worker.
            catch (Exception e)
#pragma warning restore CA1031
            {
                var delay = AddRateLimited(key);
                var retries = NumRequeues(key);
                WorkQueueLog.HandlerFailed(logger, e, options.Name, key, retries, delay);
            }
            finally
            {
                Done(key);
            }
        }
    }

    private void Apply(TKey key, WorkResult result)
    {
        if (result.Retry)
        {
            var delay = AddRateLimited(key);
            var retries = NumRequeues(key);
            WorkQueueLog.RetryRequested(logger, options.Name, key, retries, delay);
            return;
        }

        Forget(key);
        if (result.RequeueAfter is { } after)
        {
            AddAfter(key, after);
        }
    }
}
