using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using LvsOperator.Core.Control;
using LvsOperator.Core.Resources;
using LvsOperator.Kubernetes.Client;
using LvsOperator.Kubernetes.Models;
using Microsoft.Extensions.Logging;

namespace LvsOperator.Controller;

/// <summary>
/// Writes what the decisions ask for. Every write is guarded the way the API server allows: slice updates
/// and finalizer changes carry the resourceVersion they were decided from (409 means decide again), statuses
/// are merge patches of the status subresource only. A failed write fails the pass, which is retried. Writes of one
/// kind go out concurrently, kinds in order (slices, finalizers, statuses, events).
/// </summary>
public sealed partial class OutputWriter(KubeApiClient api, string identity, TimeProvider time, ILogger<OutputWriter> logger)
{
    private const string ReportingController = "lvsoperator.io/controller";
    private readonly ResourceClient<NodeSlice> _slices = api.Resource(ResourceTypes.NodeSlices);
    private readonly ResourceClient<VirtualService> _virtualServices = api.Resource(ResourceTypes.VirtualServices);
    private readonly ResourceClient<RealServer> _realServers = api.Resource(ResourceTypes.RealServers);
    private readonly ResourceClient<EventsV1Event> _events = api.Resource(ResourceTypes.Events);
    private long _lastEventTicks;

    /// <summary>
    /// Writes of one kind in flight at most: 1,000 NodeSlices or statuses one round trip at a time held a pass for
    /// 20-30 s (issue 14: exec to ready, start to every VirtualService Programmed), and far below the API server's
    /// default of 200 mutations in flight. Each object gets at most one write of a kind per pass, so none races another.
    /// </summary>
    public const int Concurrency = 16;

    /// <summary>Applies every write; true when all of them went through.</summary>
    public async Task<bool> WriteAsync(ControllerOutput output, CancellationToken cancellationToken)
    {
        var attempts = new WriteAttempts(logger, cancellationToken);

        await EachAsync(output.Slices, change =>
        {
            var slice = change.Slice;
            return attempts.TryAsync($"{change.Kind} NodeSlice {slice.Metadata.Namespace}/{slice.Metadata.Name}", change.Kind switch
            {
                SliceChangeKind.Create => () => CreateSliceAsync(slice, cancellationToken),
                SliceChangeKind.Update => () => _slices.ReplaceAsync(slice, cancellationToken),
                _ => () => _slices.DeleteAsync(slice.Metadata.Namespace, slice.Metadata.Name, new DeletePreconditions { Uid = slice.Metadata.Uid }, cancellationToken),
            });
        }, cancellationToken);

        await EachAsync(output.Finalizers, finalizer =>
            attempts.TryAsync($"finalizer of {finalizer.Target}", () => _virtualServices.MergePatchAsync(finalizer.Target.Namespace, finalizer.Target.Name, FinalizerPatch(finalizer), cancellationToken)),
            cancellationToken);
        await EachAsync(output.VirtualServiceStatuses, status =>
            attempts.TryAsync($"status of {status.Target}", () => _virtualServices.MergePatchStatusAsync(status.Target.Namespace, status.Target.Name,
                StatusPatch(status, ResourceJsonContext.Default.VirtualServiceStatus), cancellationToken)),
            cancellationToken);
        await EachAsync(output.RealServerStatuses, status =>
            attempts.TryAsync($"status of {status.Target}", () => _realServers.MergePatchStatusAsync(status.Target.Namespace, status.Target.Name,
                StatusPatch(status, ResourceJsonContext.Default.RealServerStatus), cancellationToken)),
            cancellationToken);
        await EachAsync(output.Events, e => attempts.TryAsync($"event {e.Reason} on {e.Regarding}", () => _events.CreateAsync(Event(e), cancellationToken)), cancellationToken);

        return attempts.Failures == 0;
    }

    /// <summary>
    /// A slice this leader created a moment ago may not be in its cache yet, so the next pass creates it again. The
    /// API server's AlreadyExists says it is there; its watch event brings it to a pass that updates it if it
    /// differs, so this is not a failed write to retry.
    /// </summary>
    private async Task CreateSliceAsync(NodeSlice slice, CancellationToken cancellationToken)
    {
        try
        {
            await _slices.CreateAsync(slice, cancellationToken);
        }
        catch (KubeApiException e) when (e.IsAlreadyExists)
        {
            LogSliceAlreadyExists(logger, slice.Metadata.Namespace, slice.Metadata.Name);
        }
    }

    private static Task EachAsync<T>(IEnumerable<T> writes, Func<T, Task> write, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(writes, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken },
            async (item, _) => await write(item));

    /// <summary>
    /// The event's time in ticks, past every name given before: events on one object written in the same tick,
    /// concurrently, would otherwise share a name, and the second would be refused as AlreadyExists.
    /// </summary>
    private long UniqueTicks(DateTimeOffset now)
    {
        long last, next;
        do
        {
            last = Interlocked.Read(ref _lastEventTicks);
            next = Math.Max(now.UtcTicks, last + 1);
        }
        while (Interlocked.CompareExchange(ref _lastEventTicks, next, last) != last);
        return next;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "NodeSlice {Namespace}/{Name} exists already; its watch event will bring it")]
    private static partial void LogSliceAlreadyExists(ILogger logger, string? @namespace, string name);

    /// <summary>The whole list, preconditioned on the version it was computed from, so no one else's finalizer is lost.</summary>
    private static JsonObject FinalizerPatch(FinalizerChange change)
    {
        var current = change.Resource.Finalizers ?? [];
        var next = change.Add ? current.Append(ControllerDecisions.Finalizer) : current.Where(f => f != ControllerDecisions.Finalizer);
        return new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["resourceVersion"] = change.Resource.ResourceVersion,
                ["finalizers"] = new JsonArray(next.Distinct().Select(f => (JsonNode)JsonValue.Create(f)!).ToArray()),
            },
        };
    }

    /// <summary>The new status, with a null for each field the one read had and this one has not (unhealthyRealServers gone, say).</summary>
    private static JsonObject StatusPatch<TStatus>(StatusChange<TStatus> change, JsonTypeInfo<TStatus> info) where TStatus : class => new()
    {
        ["status"] = MergePatches.Replacing(
            change.Previous is null ? null : JsonSerializer.SerializeToNode(change.Previous, info), JsonSerializer.SerializeToNode(change.Status, info)),
    };

    private EventsV1Event Event(ControllerEvent e)
    {
        var now = time.GetUtcNow();
        return new EventsV1Event
        {
            Metadata = new ObjectMeta { Name = $"{e.Regarding.Name}.{UniqueTicks(now):x}", Namespace = e.Regarding.Namespace },
            Regarding = new ObjectReference
            {
                ApiVersion = e.Regarding.Kind == "Service" ? "v1" : ResourceKinds.ApiVersion, Kind = e.Regarding.Kind, Namespace = e.Regarding.Namespace, Name = e.Regarding.Name, Uid = e.Uid,
            },
            Type = e.Type,
            Reason = e.Reason,
            Note = e.Message.Length <= 1024 ? e.Message : e.Message[..1021] + "...",
            Action = "Reconcile",
            ReportingController = ReportingController,
            ReportingInstance = identity,
            EventTime = now,
        };
    }
}
