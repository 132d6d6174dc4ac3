using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LvsOperator.Core.Control;
using LvsOperator.Core.Resources;
using LvsOperator.Kubernetes.Client;
using LvsOperator.Kubernetes.Models;
using Microsoft.Extensions.Logging;

namespace LvsOperator.Controller.LoadBalancing;

/// <summary>
/// Writes what <see cref="LoadBalancerDecisions"/> asks for. A Service's status is a merge patch of the status
/// subresource carrying the resourceVersion it was decided from (409: decide again), so an address is never written
/// over a change the decision did not see. A generated VirtualService written is then stamped with the generation
/// the write left, which is how a later user edit is told apart. Events go through <see cref="OutputWriter"/>.
/// </summary>
public sealed partial class LoadBalancerWriter(KubeApiClient api, OutputWriter events, ILogger<LoadBalancerWriter> logger)
{
    /// <summary>The pool statuses written, for passes that run before their echoes arrive.</summary>
    public OwnPoolStatuses Pools { get; } = new();

    private readonly ResourceClient<Service> _services = api.Resource(ResourceTypes.Services);
    private readonly ResourceClient<VirtualService> _virtualServices = api.Resource(ResourceTypes.VirtualServices);
    private readonly ResourceClient<AddressPool> _pools = api.Resource(ResourceTypes.AddressPools);

    /// <summary>Applies every write; true when all of them went through.</summary>
    public async Task<bool> WriteAsync(LoadBalancerOutput output, CancellationToken cancellationToken)
    {
        var attempts = new WriteAttempts(logger, cancellationToken);

        foreach (var change in output.ServiceStatuses)
        {
            var service = change.Service;
            await attempts.TryAsync($"status of Service {service.Metadata.Namespace}/{service.Metadata.Name}",
                () => _services.MergePatchStatusAsync(service.Metadata.Namespace, service.Metadata.Name, ServiceStatusPatch(change), cancellationToken));
        }

        foreach (var change in output.VirtualServices)
        {
            var vs = change.VirtualService;
            await attempts.TryAsync($"{change.Kind} generated VirtualService {vs.Metadata.Namespace}/{vs.Metadata.Name}", change.Kind switch
            {
                GeneratedChangeKind.Create => async () => await StampAsync(await _virtualServices.CreateAsync(vs, cancellationToken), cancellationToken),
                GeneratedChangeKind.Update => async () => await StampAsync(await _virtualServices.ReplaceAsync(vs, cancellationToken), cancellationToken),
                _ => () => _virtualServices.DeleteAsync(vs.Metadata.Namespace, vs.Metadata.Name, new DeletePreconditions { Uid = vs.Metadata.Uid }, cancellationToken),
            });
        }

        foreach (var status in output.PoolStatuses)
        {
            await attempts.TryAsync($"status of AddressPool {status.Target.Name}", async () =>
            {
                await _pools.MergePatchStatusAsync(null, status.Target.Name, new JsonObject
                {
                    ["status"] = MergePatches.Replacing(
                        status.Previous is null ? null : JsonSerializer.SerializeToNode(status.Previous, ResourceJsonContext.Default.AddressPoolStatus),
                        JsonSerializer.SerializeToNode(status.Status, ResourceJsonContext.Default.AddressPoolStatus)),
                }, cancellationToken);
                Pools.Written(status.Target.Name, status.Resource.Uid, status.Status);
            });
        }

        var written = output.Events.Count == 0 || await events.WriteAsync(new ControllerOutput([], [], [], [], output.Events), cancellationToken);
        if (output.ServiceStatuses.Count + output.VirtualServices.Count + output.PoolStatuses.Count > 0)
            LogWritten(output.ServiceStatuses.Count, output.VirtualServices.Count, output.PoolStatuses.Count, output.Events.Count, attempts.Failures);
        return attempts.Failures == 0 && written;
    }

    /// <summary>The generation the API server gave the spec just written, on the object, guarded by the version written.</summary>
    private Task<VirtualService> StampAsync(VirtualService written, CancellationToken cancellationToken) =>
        _virtualServices.MergePatchAsync(written.Metadata.Namespace, written.Metadata.Name, new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["resourceVersion"] = written.Metadata.ResourceVersion,
                ["annotations"] = new JsonObject
                {
                    [GeneratedVirtualServices.GenerationAnnotation] = (written.Metadata.Generation ?? 0).ToString(CultureInfo.InvariantCulture),
                },
            },
        }, cancellationToken);

    /// <summary>Ingress (absent when none) and the whole conditions list, others' as read, on the version decided from.</summary>
    private static JsonObject ServiceStatusPatch(ServiceStatusChange change) => new()
    {
        ["metadata"] = new JsonObject { ["resourceVersion"] = change.Service.Metadata.ResourceVersion },
        ["status"] = new JsonObject
        {
            ["loadBalancer"] = new JsonObject
            {
                ["ingress"] = change.Ingress.Count == 0
                    ? null
                    : new JsonArray(change.Ingress.Select(i => (JsonNode)new JsonObject { ["ip"] = i.Ip, ["ipMode"] = i.IpMode }).ToArray()),
            },
            ["conditions"] = change.Conditions.Count == 0
                ? null
                : new JsonArray(change.Conditions.Select(c => JsonSerializer.SerializeToNode(c, ResourceJsonContext.Default.Condition)).ToArray()),
        },
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "LoadBalancers: {Statuses} Service status(es), {VirtualServices} generated VirtualService change(s), {Pools} pool status(es), {Events} event(s); {Failures} failed")]
    private partial void LogWritten(int statuses, int virtualServices, int pools, int events, int failures);
}
