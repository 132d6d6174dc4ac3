using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace LvsOperator.FakeApiServer;

/// <summary>
/// A watch stream: newline-delimited <c>{"type","object"}</c> events over a chunked 200 response. From an unset or
/// "0" resourceVersion it starts with synthetic ADDED events; from R it replays every event after R, or, when R is
/// compacted, sends one ERROR event (410 Expired) and ends, as the real watch cache does.
/// </summary>
internal sealed class WatchHandler(ObjectStore store, FakeApiServerOptions options)
{
    public async Task WatchAsync(HttpContext context, ResourcePath path, ListOptions list, int? expireAfterEvents, CancellationToken cancellationToken)
    {
        var requested = list.ResourceVersion is "" or "0" ? (long?)null : ListOptions.ParseRevision(list.ResourceVersion);
        var reached = requested is not { } target
            || await store.WaitForRevisionAsync(target, options.TooLargeResourceVersionWait, cancellationToken).ConfigureAwait(false);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (list.Timeout is { } limit)
        {
            timeout.CancelAfter(limit);
        }

        var writer = new WatchWriter(context.Response);
        await writer.StartAsync(cancellationToken).ConfigureAwait(false);
        if (!reached)
        {
            await writer.WriteErrorAsync(ApiErrors.TooLargeResourceVersion(requested!.Value, store.CurrentRevision), cancellationToken).ConfigureAwait(false);
            return;
        }

        var filter = new WatchFilter(path, list);
        var initial = new List<JsonObject>();
        IReadOnlyList<StoreEvent>? backlog = [];
        long position;
        StoreSubscription subscription;
        lock (store.Gate)
        {
            position = store.CurrentRevision;
            if (requested is null || list.SendInitialEvents)
            {
                initial.AddRange(store.SnapshotLocked(path.Type, path.Namespace, position).Where(filter.Matches));
            }
            else
            {
                backlog = store.EventsAfterLocked(requested.Value);
            }

            subscription = store.SubscribeLocked();
        }

        using (subscription)
        {
            if (backlog is null)
            {
                await writer.WriteErrorAsync(TooOld(requested!.Value), cancellationToken).ConfigureAwait(false);
                return;
            }

            var stream = new WatchStream(writer, path.Type, list.AllowWatchBookmarks, list.SendInitialEvents, expireAfterEvents, position);
            try
            {
                await stream.RunAsync(initial, backlog, subscription, filter, options.BookmarkInterval, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // timeoutSeconds ran out: the real server ends the response cleanly.
            }
        }
    }

    /// <summary>The watch cache's message for a revision older than its window: "too old resource version: R (oldest-1)".</summary>
    internal ApiException TooOld(long requested) =>
        ApiErrors.Expired($"too old resource version: {requested} ({store.CompactedRevision})");
}
