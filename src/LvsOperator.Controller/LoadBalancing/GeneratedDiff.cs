using System.Globalization;
using LvsOperator.Core.Control;
using LvsOperator.Core.Resources;
using LvsOperator.Kubernetes.Models;

namespace LvsOperator.Controller.LoadBalancing;

/// <summary>
/// One Service's generated VirtualServices against what the translation wants: created when missing, replaced
/// when the Service asks for another spec (its hash moved) or a user edited one (its generation moved past the
/// controller's last write, with an event saying the Service is the source), deleted when no port wants them.
/// </summary>
public static class GeneratedDiff
{
    public static IEnumerable<GeneratedChange> Diff(Service service, IReadOnlyList<VirtualService> translated, IReadOnlyList<VirtualService> existing, List<ControllerEvent> events)
    {
        var byName = existing.ToDictionary(v => v.Metadata.Name, StringComparer.Ordinal);
        var wanted = translated.Select(t => GeneratedVirtualServices.Mark(t, service)).ToList();
        foreach (var vs in wanted)
        {
            if (!byName.TryGetValue(vs.Metadata.Name, out var found))
            {
                yield return new GeneratedChange(GeneratedChangeKind.Create, vs);
                continue;
            }

            if (found.Metadata.DeletionTimestamp is not null) continue;
            var asked = GeneratedVirtualServices.Annotation(vs, GeneratedVirtualServices.SpecHashAnnotation);
            var serviceChanged = GeneratedVirtualServices.Annotation(found, GeneratedVirtualServices.SpecHashAnnotation) != asked
                || !GeneratedVirtualServices.OwnedBy(found, service);
            var written = GeneratedVirtualServices.Annotation(found, GeneratedVirtualServices.GenerationAnnotation);
            var edited = written != found.Metadata.Generation?.ToString(CultureInfo.InvariantCulture);
            if (!serviceChanged && !edited) continue;
            // A generation annotation missing is the controller's own write cut short, not a user's edit.
            if (!serviceChanged && written is not null)
                events.Add(new ControllerEvent(ResourceRef.Of(found), found.Metadata.Uid ?? "", ControllerEvent.Warning, LoadBalancerConditions.EditReverted,
                    $"generated from Service {service.Metadata.Namespace}/{service.Metadata.Name}, which is its source: edit the Service " +
                    "(its lvsoperator.io/ annotations) instead; the spec was restored"));
            yield return new GeneratedChange(GeneratedChangeKind.Update, vs with
            {
                Metadata = vs.Metadata with { ResourceVersion = found.Metadata.ResourceVersion, Finalizers = found.Metadata.Finalizers, Uid = found.Metadata.Uid },
            });
        }

        var names = wanted.Select(v => v.Metadata.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var stale in existing.Where(v => !names.Contains(v.Metadata.Name) && v.Metadata.DeletionTimestamp is null))
            yield return new GeneratedChange(GeneratedChangeKind.Delete, stale);
    }
}
