using System.Text.Json.Nodes;

namespace LvsOperator.FakeApiServer;

/// <summary>
/// DELETE as the generic store does it: preconditions, then either graceful deletion (finalizers pending: set
/// deletionTimestamp and keep the object) or removal, answered with a Success Status (ReturnDeletedObject is false).
/// </summary>
internal sealed class ObjectDeleter(ObjectStore store)
{
    public const string OrphanFinalizer = "orphan";
    public const string ForegroundFinalizer = "foregroundDeletion";

    public JsonObject Delete(ResourceType type, string ns, string name, DeleteOptions options)
    {
        lock (store.Gate)
        {
            var current = store.GetLocked(type, ns, name) ?? throw ApiErrors.NotFound(type, name);
            CheckPreconditions(type, current, options);
            return DeleteLocked(type, current, options);
        }
    }

    internal JsonObject DeleteLocked(ResourceType type, JsonObject current, DeleteOptions options)
    {
        var finalizers = FinalizersFor(current, options);
        if (finalizers.Count == 0)
        {
            RemoveLocked(type, current);
            return SuccessStatus(type, current);
        }

        var candidate = (JsonObject)current.DeepClone();
        candidate.SetFinalizers(finalizers);
        if (!current.IsDeleting())
        {
            candidate.Metadata()["deletionTimestamp"] = ObjectFields.FormatTime(store.Time.GetUtcNow());
            candidate.Metadata()["deletionGracePeriodSeconds"] = 0;
        }

        return JsonNode.DeepEquals(candidate, current) ? current : store.CommitLocked(type, candidate, current);
    }

    /// <summary>Removes the object now; the garbage collector sees the DELETED event and handles its dependents.</summary>
    internal JsonObject RemoveLocked(ResourceType type, JsonObject current) => store.DeleteLocked(type, current);

    private static void CheckPreconditions(ResourceType type, JsonObject current, DeleteOptions options)
    {
        if (options.PreconditionUid is { } uid && uid != current.Uid())
        {
            throw ApiErrors.Conflict(type, current.Name(),
                $"Precondition failed: UID in precondition: {uid}, UID in object meta: {current.Uid()}");
        }

        if (options.PreconditionResourceVersion is { } rv && rv != current.ResourceVersion())
        {
            throw ApiErrors.Conflict(type, current.Name(),
                $"Precondition failed: ResourceVersion in precondition: {rv}, ResourceVersion in object meta: {current.ResourceVersion()}");
        }
    }

    /// <summary>deletionFinalizersForGarbageCollection: Orphan and Foreground each add their finalizer and drop the other's.</summary>
    private static List<string> FinalizersFor(JsonObject current, DeleteOptions options)
    {
        var finalizers = current.Finalizers().ToList();
        if (current.IsDeleting())
        {
            return finalizers;
        }

        var (add, drop) = options.PropagationPolicy switch
        {
            DeleteOptions.Orphan => (OrphanFinalizer, ForegroundFinalizer),
            DeleteOptions.Foreground => (ForegroundFinalizer, OrphanFinalizer),
            _ => ((string?)null, (string?)null),
        };
        finalizers.RemoveAll(f => f == drop || (add is null && f is OrphanFinalizer or ForegroundFinalizer));
        if (add is not null && !finalizers.Contains(add))
        {
            finalizers.Add(add);
        }

        return finalizers;
    }

    private static JsonObject SuccessStatus(ResourceType type, JsonObject deleted)
    {
        var details = new JsonObject { ["name"] = deleted.Name() };
        if (type.Group.Length > 0)
        {
            details["group"] = type.Group;
        }

        details["kind"] = type.Plural;
        details["uid"] = deleted.Uid();
        return new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Success",
            ["details"] = details,
        };
    }
}
