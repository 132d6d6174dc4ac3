using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LvsOperator.Kubernetes.Queues;

/// <summary>
/// client-go's rate-limited delaying work queue. A key waiting is held once however often it is added; a key
/// is handed to at most one worker at a time, and a key added while in flight is handed out once more after
/// <see cref="Done"/>. Events enqueue keys; workers read fresh state, so collapsing adds loses nothing.
/// Thread-safe.
/// </summary>
public sealed partial class WorkQueue<TKey> : IDisposable
    where TKey : notnull
{
    private readonly Lock gate = new();
    private readonly Channel<TKey> ready = Channel.CreateUnbounded<TKey>();
    private readonly HashSet<TKey> dirty = [];
    private readonly HashSet<TKey> processing = [];
    private readonly Dictionary<TKey, DelayedAdd> delayed = [];
    private readonly Dictionary<TKey, int> failures = [];
    private readonly WorkQueueOptions options;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private TaskCompletionSource? drained;
    private bool shuttingDown;

    public WorkQueue(WorkQueueOptions? options = null, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        this.options = options ?? new WorkQueueOptions();
        time = timeProvider ?? TimeProvider.System;
        this.logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Keys ready for a worker (neither delayed nor in flight).</summary>
    public int Count => ready.Reader.Count;

    public bool IsShuttingDown
    {
        get
        {
            lock (gate)
            {
                return shuttingDown;
            }
        }
    }

    public void Add(TKey key)
    {
        lock (gate)
        {
            AddLocked(key);
        }
    }

    /// <summary>Adds the key once the delay has passed; of two pending delays for a key the earlier wins.</summary>
    public void AddAfter(TKey key, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }

        lock (gate)
        {
            var due = time.GetUtcNow() + delay;
            if (shuttingDown || (delayed.TryGetValue(key, out var pending) && pending.Due <= due))
            {
                return;
            }

            pending?.Timer?.Dispose();
            var entry = new DelayedAdd(due);
            delayed[key] = entry;
            entry.Timer = time.CreateTimer(_ => AddWhenDue(key, entry), null, delay, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Adds the key after its backoff (base × 2^failures, capped) and counts one more failure.</summary>
    /// <returns>The delay chosen.</returns>
    public TimeSpan AddRateLimited(TKey key)
    {
        TimeSpan delay;
        lock (gate)
        {
            var count = failures.GetValueOrDefault(key);
            failures[key] = count + 1;
            delay = BackoffAfter(count);
        }

        AddAfter(key, delay);
        return delay;
    }

    /// <summary>Clears the key's failure count: the next <see cref="AddRateLimited"/> waits the base delay.</summary>
    public void Forget(TKey key)
    {
        lock (gate)
        {
            failures.Remove(key);
        }
    }

    /// <summary>How many rate-limited adds the key has had since it was last forgotten.</summary>
    public int NumRequeues(TKey key)
    {
        lock (gate)
        {
            return failures.GetValueOrDefault(key);
        }
    }

    /// <summary>
    /// The next key, marked in flight until <see cref="Done"/>; waits while none is ready. After
    /// <see cref="ShutDown"/> the keys already ready are still handed out, then <c>ShutDown</c> is true.
    /// </summary>
    public async ValueTask<(TKey Key, bool ShutDown)> GetAsync(CancellationToken cancellationToken = default)
    {
        while (await ready.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            lock (gate)
            {
                // Taking the key and marking it in flight is one step, so an Add in between cannot be lost.
                if (ready.Reader.TryRead(out var key))
                {
                    processing.Add(key);
                    dirty.Remove(key);
                    return (key, false);
                }
            }
        }

        return (default!, true);
    }

    /// <summary>The worker is finished with the key; if it was added meanwhile, it is ready again.</summary>
    public void Done(TKey key)
    {
        lock (gate)
        {
            processing.Remove(key);
            if (dirty.Contains(key))
            {
                ready.Writer.TryWrite(key);
            }

            if (shuttingDown && processing.Count == 0)
            {
                drained?.TrySetResult();
            }
        }
    }

    /// <summary>Stops accepting keys and drops delayed ones; waiting <see cref="GetAsync"/> calls return once the ready keys are gone.</summary>
    public void ShutDown()
    {
        lock (gate)
        {
            shuttingDown = true;
            ready.Writer.TryComplete();
            foreach (var entry in delayed.Values)
            {
                entry.Timer?.Dispose();
            }

            delayed.Clear();
        }
    }

    /// <summary><see cref="ShutDown"/>, then wait until no key is in flight.</summary>
    public Task ShutDownWithDrainAsync(CancellationToken cancellationToken = default)
    {
        ShutDown();
        lock (gate)
        {
            if (processing.Count == 0)
            {
                return Task.CompletedTask;
            }

            drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return drained.Task.WaitAsync(cancellationToken);
        }
    }

    public void Dispose() => ShutDown();

    private void AddLocked(TKey key)
    {
        if (shuttingDown || !dirty.Add(key))
        {
            return;
        }

        // An in-flight key stays dirty and is made ready again by Done.
        if (!processing.Contains(key))
        {
            ready.Writer.TryWrite(key);
        }
    }

    private void AddWhenDue(TKey key, DelayedAdd entry)
    {
        lock (gate)
        {
            // A replaced entry's timer may still fire once; only the current one counts.
            if (!delayed.TryGetValue(key, out var current) || current != entry)
            {
                return;
            }

            delayed.Remove(key);
            entry.Timer?.Dispose();
            AddLocked(key);
        }
    }

    private TimeSpan BackoffAfter(int failureCount)
    {
        // Doubling in floating point cannot overflow; the cap applies before converting back.
        var ticks = options.BaseDelay.Ticks * Math.Pow(2, failureCount);
        return ticks >= options.MaxDelay.Ticks ? options.MaxDelay : TimeSpan.FromTicks((long)ticks);
    }

    private sealed class DelayedAdd(DateTimeOffset due)
    {
        public DateTimeOffset Due { get; } = due;
        public ITimer? Timer { get; set; }
    }
}
