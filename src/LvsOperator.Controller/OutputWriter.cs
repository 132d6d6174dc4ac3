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
/// are merge patches of the status subresource only. A failed write fails the pass, which is retried.
/// </summary>
public sealed partial class OutputWriter(KubeApiClient api, string identity, TimeProvider time, ILogger<OutputWriter> logger)
{
    private const string ReportingController = "lvsoperator.io/controller";
    private readonly ResourceClient<NodeSlice> _slices = api.Resource(ResourceTypes.NodeSlices);
    private readonly ResourceClient<VirtualService> _virtualServices = api.Resource(ResourceTypes.VirtualServices);
    private readonly ResourceClient<RealServer> _realServers = api.Resource(ResourceTypes.RealServers);
    private readonly ResourceClient<EventsV1Event> _events = api.Resource(ResourceTypes.Events);

    /// <summary>Applies every write; true when all of them went through.</summary>
    public async Task<bool> WriteAsync(ControllerOutput output, CancellationToken cancellationToken)
    {
        var attempts = new WriteAttempts(logger, cancellationToken);

        foreach (var change in output.Slices)
        {
            var slice = change.Slice;
            await attempts.TryAsync($"{change.Kind} NodeSlice {slice.Metadata.Namespace}/{slice.Metadata.Name}", change.Kind switch
            {
                SliceChangeKind.Create => () => CreateSliceAsync(slice, cancellationToken),
                SliceChangeKind.Update => () => _slices.ReplaceAsync(slice, cancellationToken),
                _ => () => _slices.DeleteAsync(slice.Metadata.Namespace, slice.Metadata.Name, new DeletePreconditions { Uid = slice.Metadata.Uid }, cancellationToken),
            });
        }

        foreach (var finalizer in output.Finalizers)
            await attempts.TryAsync($"finalizer of {finalizer.Target}", () => _virtualServices.MergePatchAsync(finalizer.Target.Namespace, finalizer.Target.Name, FinalizerPatch(finalizer), cancellationToken));
        foreach (var status in output.VirtualServiceStatuses)
            await attempts.TryAsync($"status of {status.Target}", () => _virtualServices.MergePatchStatusAsync(status.Target.Namespace, status.Target.Name,
                StatusPatch(status, ResourceJsonContext.Default.VirtualServiceStatus), cancellationToken));
        foreach (var status in output.RealServerStatuses)
            await attempts.TryAsync($"status of {status.Target}", () => _realServers.MergePatchStatusAsync(status.Target.Namespace, status.Target.Name,
                StatusPatch(status, ResourceJsonContext.Default.RealServerStatus), cancellationToken));
        foreach (var e in output.Events)
            await attempts.TryAsync($"event {e.Reason} on {e.Regarding}", () => _events.CreateAsync(Event(e), cancellationToken));

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
            Metadata = new ObjectMeta { Name = $"{e.Regarding.Name}.{now.UtcTicks:x}", Namespace = e.Regarding.Namespace },
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
