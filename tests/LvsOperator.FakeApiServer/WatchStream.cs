using System.Text.Json.Nodes;

namespace LvsOperator.FakeApiServer;

/// <summary>
/// One open watch after its start: initial events, the backlog, then live events, with BOOKMARKs carrying the last
/// revision this watcher has passed (every store event, matching or not, moves it).
/// </summary>
/// <param name="initialEventsEnd">sendInitialEvents=true: end the synthetic ADDED events with a bookmark annotated k8s.io/initial-events-end.</param>
internal sealed class WatchStream(WatchWriter writer, ResourceType type, bool bookmarks, bool initialEventsEnd, int? expireAfterEvents, long position)
{
    /// <summary>The annotation on the bookmark that ends sendInitialEvents' synthetic ADDED events.</summary>
    public const string InitialEventsEnd = "k8s.io/initial-events-end";

    private int delivered;

    public async Task RunAsync(
        IReadOnlyList<JsonObject> initial, IReadOnlyList<StoreEvent> backlog, StoreSubscription subscription,
        WatchFilter filter, TimeSpan bookmarkInterval, CancellationToken cancellationToken)
    {
        foreach (var obj in initial)
        {
            if (!await DeliverAsync(StoreEvent.Added, obj, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }

        if (initialEventsEnd && bookmarks)
        {
            await writer.WriteAsync("BOOKMARK", Bookmark(annotate: true), cancellationToken).ConfigureAwait(false);
        }

        foreach (var storeEvent in backlog)
        {
            if (!await PassAsync(storeEvent, filter, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }

        while (true)
        {
            using var tick = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            tick.CancelAfter(bookmarkInterval);
            try
            {
                if (!await subscription.Events.WaitToReadAsync(tick.Token).ConfigureAwait(false))
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                if (bookmarks)
                {
                    await writer.WriteAsync("BOOKMARK", Bookmark(annotate: false), cancellationToken).ConfigureAwait(false);
                }

                continue;
            }

            while (subscription.Events.TryRead(out var storeEvent))
            {
                if (!await PassAsync(storeEvent, filter, cancellationToken).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
    }

    private async Task<bool> PassAsync(StoreEvent storeEvent, WatchFilter filter, CancellationToken cancellationToken)
    {
        position = storeEvent.Revision;
        return filter.Translate(storeEvent) is not { } visible
            || await DeliverAsync(visible.Type, visible.Object, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes one event; false when an injected expiry ended the stream instead.</summary>
    private async Task<bool> DeliverAsync(string eventType, JsonObject obj, CancellationToken cancellationToken)
    {
        if (delivered == expireAfterEvents)
        {
            await writer.WriteErrorAsync(ApiErrors.Expired($"too old resource version: {position} ({position})"), cancellationToken).ConfigureAwait(false);
            return false;
        }

        delivered++;
        await writer.WriteAsync(eventType, obj, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private JsonObject Bookmark(bool annotate)
    {
        var metadata = new JsonObject { ["resourceVersion"] = ObjectFields.FormatRevision(position) };
        if (annotate)
        {
            metadata["annotations"] = new JsonObject { [InitialEventsEnd] = "true" };
        }

        return new JsonObject { ["kind"] = type.Kind, ["apiVersion"] = type.ApiVersion, ["metadata"] = metadata };
    }
}
