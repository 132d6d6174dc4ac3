using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text.Json;
using LvsOperator.Core.Control;
using LvsOperator.Core.Resources;
using LvsOperator.Core.LoadBalancing;
using LvsOperator.Kubernetes.Models;

namespace LvsOperator.Controller.LoadBalancing;

/// <summary>
/// How a VirtualService generated for a LoadBalancer Service is marked: labels that find it (managed by us,
/// generated from which Service), an owner reference to the Service, the hash of the spec the Service asked for
/// (a Service change) and the generation the controller's last write left (a user's edit moves it).
/// </summary>
public static class GeneratedVirtualServices
{
    /// <summary>Hash of the spec the Service asked for when it was last written: a different one means the Service changed.</summary>
    public const string SpecHashAnnotation = "lvsoperator.io/generated-spec-hash";

    /// <summary>
    /// metadata.generation right after the controller's last spec write. The API server moves the generation on
    /// every spec change and on nothing else, so a larger one is someone else's edit, whatever defaults it filled in.
    /// </summary>
    public const string GenerationAnnotation = "lvsoperator.io/generated-generation";

    /// <summary>The informer's selector: nothing a user wrote carries both labels.</summary>
    public static string Selector => $"{ControllerDecisions.ManagedByLabel}={ControllerDecisions.ManagedByValue},{LoadBalancerTranslation.ServiceLabel}";

    public static bool IsGenerated(VirtualService vs) =>
        vs.Metadata.Labels is { } labels && labels.ContainsKey(LoadBalancerTranslation.ServiceLabel)
        && labels.TryGetValue(ControllerDecisions.ManagedByLabel, out var by) && by == ControllerDecisions.ManagedByValue;

    /// <summary>The Service a generated VirtualService comes from: its namespace, and the label naming the Service.</summary>
    public static ServiceName SourceOf(VirtualService vs) => new(vs.Metadata.Namespace ?? "", vs.Metadata.Labels![LoadBalancerTranslation.ServiceLabel]);

    /// <summary>
    /// The translation's VirtualService marked as ours: managed-by, the hash of its spec, and an owner reference
    /// without blockOwnerDeletion, which would need update on services/finalizers (OwnerReferencesPermissionEnforcement);
    /// the controller deletes what it generated itself when the Service goes, the garbage collector is the backstop.
    /// </summary>
    public static VirtualService Mark(VirtualService translated, Service service) => translated with
    {
        Metadata = translated.Metadata with
        {
            Labels = new Dictionary<string, string>(translated.Metadata.Labels ?? ImmutableDictionary<string, string>.Empty)
            {
                [ControllerDecisions.ManagedByLabel] = ControllerDecisions.ManagedByValue,
                [LoadBalancerTranslation.ServiceLabel] = service.Metadata.Name,
            },
            Annotations = ImmutableDictionary<string, string>.Empty.Add(SpecHashAnnotation, Hash(translated.Spec)),
            OwnerReferences =
            [
                new OwnerReference { ApiVersion = "v1", Kind = "Service", Name = service.Metadata.Name, Uid = service.Metadata.Uid ?? "", Controller = true },
            ],
        },
    };

    /// <summary>A stable digest of a spec as the client sends it.</summary>
    public static string Hash(VirtualServiceSpec spec) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(spec, ResourceJsonContext.Default.VirtualServiceSpec)))[..16];

    /// <summary>The owner reference still names this Service (one deleted and re-created under the same name has a new uid).</summary>
    public static bool OwnedBy(VirtualService vs, Service service) =>
        vs.Metadata.OwnerReferences?.Any(o => o.Kind == "Service" && o.Controller == true && o.Uid == service.Metadata.Uid) == true;

    public static string? Annotation(VirtualService vs, string key) => vs.Metadata.Annotations?.GetValueOrDefault(key);
}
