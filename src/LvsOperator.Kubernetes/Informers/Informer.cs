using LvsOperator.Core.Resources;
using LvsOperator.Kubernetes.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LvsOperator.Kubernetes.Informers;

/// <summary>
/// client-go's reflector and indexer in one: lists (paged), then watches from the list's resourceVersion with
/// bookmarks; a watch that ends or drops resumes from the last version seen, a 410 lists again, and every
/// failure waits an exponential backoff with jitter, short while the server does not answer, and as long as
/// the server says when it answers with Retry-After. The cache answers <see cref="Get(ObjectKey)"/> and
/// <see cref="List"/>; subscribers hear each change once the cache holds it.
/// </summary>
public sealed class Informer<T>
    where T : class, IKubernetesObject
{
    /// <summary>How long past its own timeout a silent watch is trusted before it is abandoned.</summary>
    internal static readonly TimeSpan DeadWatchMargin = TimeSpan.FromSeconds(30);

    private readonly ResourceClient<T> client;
    private readonly string resource;
    private readonly InformerOptions options;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private readonly InformerCache<T> cache = new();
    private readonly TaskCompletionSource synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ExponentialBackoff backoff;

    // Notifications leave in the order the cache changed, one at a time, even with a resync timer running.
    private readonly Lock dispatch = new();
    private readonly List<Action<ResourceChange<T>>> subscribers = [];
    private volatile string? resourceVersion;
    private int running;

    public Informer(ResourceClient<T> client, InformerOptions? options = null, ILogger? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        this.client = client;
        resource = client.Type.ToString();
        this.options = options ?? new InformerOptions();
        this.logger = logger ?? NullLogger.Instance;
        time = timeProvider ?? TimeProvider.System;
        backoff = new ExponentialBackoff(this.options.Backoff);
    }

    /// <summary>The first list has reached the cache.</summary>
    public bool HasSynced => synced.Task.IsCompleted;

    /// <summary>The newest resourceVersion the cache reflects (from a list, an event or a bookmark).</summary>
    public string? LastSyncResourceVersion => resourceVersion;

    public Task WaitForSyncAsync(CancellationToken cancellationToken = default) => synced.Task.WaitAsync(cancellationToken);

    public T? Get(ObjectKey key) => cache.Get(key);

    public T? Get(string? @namespace, string name) => cache.Get(new ObjectKey(@namespace, name));

    /// <summary>A snapshot of the cache, of one namespace or (null) of all.</summary>
    public IReadOnlyList<T> List(string? @namespace = null) => cache.List(@namespace);

    /// <summary>
    /// Hears every change from now on, after being told of each cached object as added. Handlers run on the
    /// informer's thread in order and must be quick: enqueue a key, read state in the worker.
    /// </summary>
    public IDisposable Subscribe(Action<ResourceChange<T>> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (dispatch)
        {
            foreach (var value in cache.List(null))
            {
                Deliver(handler, new ResourceChange<T>(ResourceChangeType.Added, null, value));
            }

            subscribers.Add(handler);
        }

        return new Subscription(this, handler);
    }

    /// <summary>Lists and watches until the token is cancelled; returns then, without throwing.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref running, 1) == 1)
        {
            throw new InvalidOperationException("An informer runs once.");
        }

        using var resync = options.ResyncPeriod is { } period
            ? time.CreateTimer(_ => Resync(), null, period, period)
            : null;
        var mustList = true;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (mustList)
                {
                    await ListAsync(cancellationToken).ConfigureAwait(false);
                    mustList = false;
                    backoff.Reset();
                }

                if (await WatchAsync(cancellationToken).ConfigureAwait(false) == 0)
                {
                    // A server that closes every watch at once must not be hammered.
                    await time.DelayOrCancelledAsync(backoff.Next(), cancellationToken).ConfigureAwait(false);
                }
            }
            catch (ResourceVersionExpiredException)
            {
                InformerLog.Expired(logger, resource, resourceVersion);
                if (mustList)
                {
                    // The list itself expired (a continue token outlived its snapshot): do not spin on it.
                    await time.DelayOrCancelledAsync(backoff.Next(), cancellationToken).ConfigureAwait(false);
                }

                mustList = true;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // Any failure to list or watch is retried: the cache must outlive outages.
            catch (Exception e)
#pragma warning restore CA1031
            {
                var delay = DelayAfter(e);
                var operation = mustList ? "list" : "watch";
                if (e is KubeApiException { RetryAfter: not null } deferred)
                {
                    InformerLog.Deferred(logger, resource, operation, (int)deferred.StatusCode, deferred.ServerMessage, delay);
                }
                else
                {
                    InformerLog.Failed(logger, e, resource, operation, delay);
                }

                await time.DelayOrCancelledAsync(delay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// How long to wait after a failed list or watch: the server's own Retry-After when it gave one (a restarted
    /// server's <c>429 storage is (re)initializing</c> is no reason to back off further, so the step does not
    /// grow); the short cap when no answer came at all; the full backoff when the server refused the request.
    /// </summary>
    private TimeSpan DelayAfter(Exception error)
    {
        var settings = options.Backoff;
        return error switch
        {
            KubeApiException { RetryAfter: { } after } => TimeSpan.FromTicks(Math.Clamp(after.Ticks, settings.Initial.Ticks, settings.Max.Ticks)),
            KubeApiException { IsTooManyRequests: true } => backoff.Next(settings.ConnectionMax),
            KubeApiException => backoff.Next(),
            _ => backoff.Next(settings.ConnectionMax),
        };
    }

    private async Task ListAsync(CancellationToken cancellationToken)
    {
        var list = await client.ListAsync(options.Namespace, new ListOptions
        {
            LabelSelector = options.LabelSelector,
            FieldSelector = options.FieldSelector,
            PageSize = options.PageSize,
        }, cancellationToken).ConfigureAwait(false);
        lock (dispatch)
        {
            Notify(cache.Replace(list.Items));
            resourceVersion = list.ResourceVersion;
        }

        InformerLog.Listed(logger, resource, list.Items.Count, list.ResourceVersion);
        synced.TrySetResult();
    }

    /// <returns>How many events the watch delivered.</returns>
    private async Task<int> WatchAsync(CancellationToken cancellationToken)
    {
        var from = resourceVersion;
        var timeout = options.WatchTimeout * (1 + Random.Shared.NextDouble());
        var watchOptions = new WatchOptions
        {
            ResourceVersion = from,
            LabelSelector = options.LabelSelector,
            FieldSelector = options.FieldSelector,
            Timeout = timeout,
        };

        // The server ends the watch at its timeout; a connection that died without a word never would,
        // so a watch that outlives the timeout by a margin is abandoned and resumed.
        using var deadline = new CancellationTokenSource(timeout + DeadWatchMargin, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var events = 0;
        try
        {
            await foreach (var watchEvent in client.WatchAsync(options.Namespace, watchOptions, linked.Token).ConfigureAwait(false))
            {
                events++;
                backoff.Reset();
                Apply(watchEvent);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            InformerLog.WatchAbandoned(logger, resource, from ?? "", timeout);
        }

        InformerLog.WatchEnded(logger, resource, from ?? "", events);
        return events;
    }

    private void Apply(WatchEvent<T> watchEvent)
    {
        lock (dispatch)
        {
            switch (watchEvent.Type)
            {
                case WatchEventType.Added or WatchEventType.Modified:
                    Notify([cache.Upsert(watchEvent.Value)]);
                    break;
                case WatchEventType.Deleted:
                    Notify([cache.Remove(watchEvent.Value)]);
                    break;
            }

            // Bookmarks only move the version on, so the next watch skips what this one covered.
            resourceVersion = watchEvent.ResourceVersion ?? resourceVersion;
        }
    }

    private void Resync()
    {
        lock (dispatch)
        {
            Notify([.. cache.List(null).Select(v => new ResourceChange<T>(ResourceChangeType.Resync, v, v))]);
        }
    }

    private void Notify(IReadOnlyList<ResourceChange<T>> changes)
    {
        foreach (var change in changes)
        {
            foreach (var subscriber in subscribers)
            {
                Deliver(subscriber, change);
            }
        }
    }

    private void Deliver(Action<ResourceChange<T>> subscriber, ResourceChange<T> change)
    {
        try
        {
            subscriber(change);
        }
#pragma warning disable CA1031 // One faulty subscriber must not starve the others or stop the informer.
        catch (Exception e)
#pragma warning restore CA1031
        {
            InformerLog.SubscriberFailed(logger, e, resource, change.Type, change.Key.ToString());
        }
    }

    private sealed class Subscription(Informer<T> informer, Action<ResourceChange<T>> handler) : IDisposable
    {
        public void Dispose()
        {
            lock (informer.dispatch)
            {
                informer.subscribers.Remove(handler);
            }
        }
    }
}
