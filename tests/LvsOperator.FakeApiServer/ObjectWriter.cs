using System.Text.Json.Nodes;

namespace LvsOperator.FakeApiServer;

/// <summary>Create, update and patch with the registry's preconditions, as the generic store and its strategies apply them.</summary>
internal sealed class ObjectWriter(ObjectStore store, ObjectDeleter deleter)
{
    public JsonObject Create(ResourceType type, string ns, JsonObject body)
    {
        ObjectLifecycle.CheckBody(type, ns, body);
        if (body.ResourceVersion().Length > 0)
        {
            // etcd3 store.Create returns a plain error, which the handler answers as a 500 without a reason.
            throw new ApiException(500, "", "resourceVersion should not be set on objects to be created");
        }

        var name = ObjectLifecycle.AssignName(type, body);
        if (type.HasStatusSubresource && !type.KeepsStatusOnCreate)
        {
            body.Remove("status");
        }

        ObjectLifecycle.StampNew(body, store.Time);
        lock (store.Gate)
        {
            if (store.GetLocked(type, body.Namespace(), name) is not null)
            {
                throw ApiErrors.AlreadyExists(type, name);
            }

            return store.CommitLocked(type, body, null);
        }
    }

    /// <summary>PUT: metadata.resourceVersion is a precondition; CRDs require it (AllowUnconditionalUpdate is false).</summary>
    public JsonObject Update(ResourceType type, string ns, string name, JsonObject body, bool statusSubresource)
    {
        ObjectLifecycle.CheckBody(type, ns, body);
        if (body.Name() != name)
        {
            throw ApiErrors.BadRequest($"the name of the object ({body.Name()}) does not match the name on the URL ({name})");
        }

        lock (store.Gate)
        {
            var current = store.GetLocked(type, body.Namespace(), name);
            if (current is null)
            {
                return type.AllowCreateOnUpdate && !statusSubresource ? CreateOnUpdateLocked(type, body) : throw ApiErrors.NotFound(type, name);
            }

            var requested = body.ResourceVersion();
            if (requested.Length == 0 && !type.AllowUnconditionalUpdate)
            {
                throw ApiErrors.Invalid(type, name, "metadata.resourceVersion", "FieldValueInvalid", "Invalid value: 0x0: must be specified for an update");
            }

            if (requested.Length > 0 && requested != current.ResourceVersion())
            {
                throw ApiErrors.StaleResourceVersion(type, name);
            }

            return ApplyLocked(type, current, body, statusSubresource);
        }
    }

    /// <summary>PATCH: the patch applies to the stored object; a resourceVersion it sets is a precondition.</summary>
    public JsonObject Patch(ResourceType type, string ns, string name, string contentType, JsonNode patch, bool statusSubresource)
    {
        lock (store.Gate)
        {
            var current = store.GetLocked(type, ns, name) ?? throw ApiErrors.NotFound(type, name);
            var patched = PatchDocument.Apply(contentType, current, patch);
            var requested = patched.ResourceVersion();
            if (requested.Length > 0 && requested != current.ResourceVersion())
            {
                throw ApiErrors.StaleResourceVersion(type, name);
            }

            if (patched.Name() != name || (type.Namespaced && patched.Namespace() != ns))
            {
                throw ApiErrors.BadRequest($"the name of the object ({patched.Name()}) does not match the name on the URL ({name})");
            }

            ObjectLifecycle.CheckBody(type, ns, patched);
            return ApplyLocked(type, current, patched, statusSubresource);
        }
    }

    /// <summary>
    /// The shared tail of every update: subresource isolation, immutable server fields, finalizer rules, then
    /// either nothing (a no-op writes no revision, like GuaranteedUpdate), a delete (last finalizer gone), or a commit.
    /// </summary>
    internal JsonObject ApplyLocked(ResourceType type, JsonObject current, JsonObject body, bool statusSubresource)
    {
        var candidate = statusSubresource ? WithStatusOf(current, body) : body;
        if (!statusSubresource && type.HasStatusSubresource)
        {
            candidate = WithStatusOf(candidate, current);
        }

        string[] generationIgnores = type.HasStatusSubresource ? ["metadata", "status"] : ["metadata"];
        ObjectLifecycle.CarryServerFields(candidate, current, generationIgnores);
        ObjectLifecycle.CheckNoNewFinalizers(type, candidate, current);
        candidate.Metadata()["resourceVersion"] = current.ResourceVersion();
        if (JsonNode.DeepEquals(candidate, current))
        {
            return current;
        }

        if (candidate.IsDeleting() && candidate.Finalizers().Count == 0)
        {
            var deleted = deleter.RemoveLocked(type, current);
            candidate.Metadata()["resourceVersion"] = deleted.ResourceVersion();
            return candidate;
        }

        return store.CommitLocked(type, candidate, current);
    }

    private JsonObject CreateOnUpdateLocked(ResourceType type, JsonObject body)
    {
        body.Metadata().Remove("resourceVersion");
        ObjectLifecycle.AssignName(type, body);
        ObjectLifecycle.StampNew(body, store.Time);
        return store.CommitLocked(type, body, null);
    }

    /// <summary>A copy of <paramref name="target"/> whose status is <paramref name="statusSource"/>'s (or absent).</summary>
    private static JsonObject WithStatusOf(JsonObject target, JsonObject statusSource)
    {
        var copy = (JsonObject)target.DeepClone();
        if (statusSource["status"] is { } status)
        {
            copy["status"] = status.DeepClone();
        }
        else
        {
            copy.Remove("status");
        }

        return copy;
    }
}
