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
/// Writes NodeSlice statuses off the reconcile path: a cycle posts the newest status of each slice and goes
/// on; a few workers patch them concurrently, one write per slice at a time, and a failed write is retried
/// with a short backoff unless a newer status replaced it. So an API server that hangs or refuses holds up
/// neither the kernel cycle nor the other slices' reports (issue 12).
/// </summary>
internal sealed partial class SliceStatusWriter : IDisposable
{
    /// <summary>Statuses are small and a node has few slices; four writes in flight keep one hung write from blocking the rest.</summary>
    private const int Workers = 4;

    private static readonly WorkQueueOptions Retry = new()
    {
        Name = "nodeslice-status", BaseDelay = TimeSpan.FromMilliseconds(200), MaxDelay = TimeSpan.FromSeconds(5),
    };

    private readonly ResourceClient<NodeSlice> _slices;
    private readonly ILogger _logger;
    private readonly WorkQueue<ObjectKey> _queue;
    private readonly ConcurrentDictionary<ObjectKey, NodeSliceStatus> _pending = new();

    public SliceStatusWriter(ResourceClient<NodeSlice> slices, TimeProvider time, ILogger logger)
    {
        _slices = slices;
        _logger = logger;
        _queue = new WorkQueue<ObjectKey>(Retry, time, logger);
    }

    /// <summary>Replaces whatever of these slices was still waiting to be written; returns at once.</summary>
    public void Post(IEnumerable<(NodeSlice Slice, NodeSliceStatus Status)> reports)
    {
        foreach (var (slice, status) in reports)
        {
            var key = new ObjectKey(slice.Metadata.Namespace, slice.Metadata.Name);
            _pending[key] = status;
            _queue.Add(key);
        }
    }

    public Task RunAsync(CancellationToken cancellationToken) => _queue.RunWorkersAsync(Workers, WriteAsync, cancellationToken);

    private async Task<WorkResult> WriteAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (!_pending.TryGetValue(key, out var status)) return WorkResult.Done;
        var patch = new JsonObject { ["status"] = JsonSerializer.SerializeToNode(status, ResourceJsonContext.Default.NodeSliceStatus) };
        try
        {
            await _slices.MergePatchStatusAsync(key.Namespace, key.Name, patch, cancellationToken);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            // Deleted since: nobody reads its status any more.
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Timed out, refused, unreachable: the newest status for this slice is tried again.
            LogReportFailed(key.Namespace, key.Name, e.Message);
            return WorkResult.Failed;
        }

        // A newer status posted while this one was in flight stays, and its Add brings the key back.
        _pending.TryRemove(new KeyValuePair<ObjectKey, NodeSliceStatus>(key, status));
        return WorkResult.Done;
    }

    public void Dispose() => _queue.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not report on NodeSlice {Namespace}/{Name}: {Reason}; retrying")]
    private partial void LogReportFailed(string? @namespace, string name, string reason);
}
