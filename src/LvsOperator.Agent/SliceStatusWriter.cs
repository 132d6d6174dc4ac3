using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using LvsOperator.Core.Resources;
using LvsOperator.Kubernetes.Client;
using LvsOperator.Kubernetes.Informers;
using LvsOperator.Kubernetes.Queues;
using Microsoft.Extensions.Logging;

namespace LvsOperator.Agent;

/// <summary>
/// Writes NodeSlice statuses off the reconcile path (issues 12 and 14): a cycle posts the newest status of each
/// slice and goes on; <see cref="Workers"/> workers patch them concurrently, one write per slice at a time, the
/// newest status posted winning over any still waiting. A status is written only when it says something other
/// than the last one written or seen on the server (the watch hands those in through <see cref="Observed"/>), so
/// a cycle that changes nothing, or reports the same again before the echo of the last write is back, writes
/// nothing. A failed write is retried with a short backoff unless a newer status replaced it; an API server
/// that hangs or refuses holds up neither the kernel cycle nor the other slices' reports.
/// </summary>
internal sealed partial class SliceStatusWriter : IDisposable
{
    /// <summary>
    /// Writes in flight at most: enough that 1,000 slices whose status changed at once are written in a
    /// fraction of a second instead of at one write's round trip each (issue 14: 9-10 a second one at a time),
    /// few enough not to crowd the API server, whose default max-in-flight for mutations is 200.
    /// </summary>
    public const int Workers = 8;

    private static readonly WorkQueueOptions Retry = new()
    {
        Name = "nodeslice-status", BaseDelay = TimeSpan.FromMilliseconds(200), MaxDelay = TimeSpan.FromSeconds(5),
    };

    private readonly Func<ObjectKey, NodeSliceStatus, CancellationToken, Task> _patch;
    private readonly ILogger _logger;
    private readonly WorkQueue<ObjectKey> _queue;

    /// <summary>The newest status of each slice not yet written; a slice stays here until its write succeeded.</summary>
    private readonly ConcurrentDictionary<ObjectKey, NodeSliceStatus> _pending = new();

    /// <summary>What the server holds as far as the agent knows: its own last write, or the watch's newer copy.</summary>
    private readonly ConcurrentDictionary<ObjectKey, NodeSliceStatus> _known = new();

    private long _writes;

    public SliceStatusWriter(Func<ObjectKey, NodeSliceStatus, CancellationToken, Task> patch, TimeProvider time, ILogger logger)
    {
        _patch = patch;
        _logger = logger;
        _queue = new WorkQueue<ObjectKey>(Retry, time, logger);
    }

    /// <summary>Writes with a JSON merge patch of the status subresource (the CRD has one, so the spec is never touched).</summary>
    public static SliceStatusWriter For(ResourceClient<NodeSlice> slices, TimeProvider time, ILogger logger) => new(
        (key, status, cancellationToken) => slices.MergePatchStatusAsync(
            key.Namespace, key.Name, new JsonObject { ["status"] = JsonSerializer.SerializeToNode(status, ResourceJsonContext.Default.NodeSliceStatus) },
            cancellationToken),
        time, logger);

    /// <summary>Status writes that succeeded.</summary>
    public long Writes => Interlocked.Read(ref _writes);

    /// <summary>Nothing waits to be written and no write is in flight.</summary>
    public bool Idle => _pending.IsEmpty;

    /// <summary>Replaces whatever of these slices was still waiting to be written; returns at once.</summary>
    public void Post(IEnumerable<(NodeSlice Slice, NodeSliceStatus Status)> reports)
    {
        foreach (var (slice, status) in reports)
        {
            var key = ObjectKey.Of(slice);
            // Nothing waiting or in flight for the slice: what is known is what the server holds.
            if (!_pending.ContainsKey(key) && _known.TryGetValue(key, out var known) && known.SameAs(status)) continue;
            _pending[key] = status;
            _queue.Add(key);
        }
    }

    /// <summary>The slice's status as the watch delivered it: the echo of a write, or someone else's edit to repair.</summary>
    public void Observed(ObjectKey key, NodeSliceStatus? status)
    {
        if (status is null) _known.TryRemove(key, out _);
        else _known[key] = status;
    }

    /// <summary>The slice is gone: nothing of it is written any more.</summary>
    public void Forget(ObjectKey key)
    {
        _known.TryRemove(key, out _);
        _pending.TryRemove(key, out _);
    }

    public Task RunAsync(CancellationToken cancellationToken) => _queue.RunWorkersAsync(Workers, WriteAsync, cancellationToken);

    private async Task<WorkResult> WriteAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (!_pending.TryGetValue(key, out var status)) return WorkResult.Done;
        if (!(_known.TryGetValue(key, out var known) && known.SameAs(status)))
        {
            try
            {
                await _patch(key, status, cancellationToken);
                _known[key] = status;
                Interlocked.Increment(ref _writes);
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
                // Deleted since: nobody reads its status any more.
                _known.TryRemove(key, out _);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // Timed out, refused, unreachable: the newest status for this slice is tried again.
                LogReportFailed(key.Namespace, key.Name, e.Message);
                return WorkResult.Failed;
            }
        }

        // A newer status posted while this one was in flight stays, and its Add brings the key back.
        _pending.TryRemove(new KeyValuePair<ObjectKey, NodeSliceStatus>(key, status));
        return WorkResult.Done;
    }

    public void Dispose() => _queue.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not report on NodeSlice {Namespace}/{Name}: {Reason}; retrying")]
    private partial void LogReportFailed(string? @namespace, string name, string reason);
}
