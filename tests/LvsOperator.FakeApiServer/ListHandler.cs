using System.Text.Json.Nodes;

namespace LvsOperator.FakeApiServer;

/// <summary>
/// GET on a collection: resourceVersion/resourceVersionMatch semantics, selectors, limit and continue (every page
/// read at the first page's revision), as the API concepts page describes and the etcd3 store implements.
/// </summary>
internal sealed class ListHandler(ObjectStore store, FakeApiServerOptions options)
{
    private const string ListTooOld = "The resourceVersion for the provided list is too old.";

    private const string ContinueTooOld =
        "The provided continue parameter is too old to display a consistent list result. You can start a new list " +
        "without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. " +
        "Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted " +
        "between the time the first chunk was returned and now may show up in the list.";

    public async Task<JsonObject> ListAsync(ResourcePath path, ListOptions list, CancellationToken cancellationToken)
    {
        var token = list.Continue.Length > 0 ? ContinueToken.Decode(list.Continue) : null;
        var requested = token is null && list.ResourceVersion is not ("" or "0") ? ListOptions.ParseRevision(list.ResourceVersion) : 0;
        if (requested > 0 && !await store.WaitForRevisionAsync(requested, options.TooLargeResourceVersionWait, cancellationToken).ConfigureAwait(false))
        {
            throw ApiErrors.TooLargeResourceVersion(requested, store.CurrentRevision);
        }

        lock (store.Gate)
        {
            var at = token?.Revision ?? (list.ResourceVersionMatch == ListOptions.Exact ? requested : store.CurrentRevision);
            if (at < store.CompactedRevision)
            {
                throw token is null ? ApiErrors.Expired(ListTooOld) : ApiErrors.Expired(ContinueTooOld);
            }

            var matching = store.SnapshotLocked(path.Type, path.Namespace, at)
                .Where(o => list.Labels.Matches(o.Labels()) && list.Fields.Matches(o))
                .Where(o => token is null || string.CompareOrdinal(Key(o), token.StartAfterKey) > 0)
                .ToList();

            // The watch cache serves resourceVersion=0 and ignores limit; clients must cope with a full answer.
            var limit = list.ResourceVersion == "0" ? 0 : list.Limit;
            var page = limit > 0 ? matching.Take((int)limit).ToList() : matching;
            var metadata = new JsonObject { ["resourceVersion"] = ObjectFields.FormatRevision(at) };
            if (page.Count < matching.Count)
            {
                metadata["continue"] = new ContinueToken(at, Key(page[^1])).Encode();
                if (list.Labels.IsEverything && list.Fields.IsEverything)
                {
                    metadata["remainingItemCount"] = matching.Count - page.Count;
                }
            }

            return new JsonObject
            {
                ["kind"] = path.Type.Kind + "List",
                ["apiVersion"] = path.Type.ApiVersion,
                ["metadata"] = metadata,
                ["items"] = new JsonArray([.. page.Select(o => ListItem(path.Type, o))]),
            };
        }
    }

    /// <summary>Typed lists encode items without apiVersion and kind; unstructured (CRD) lists keep them.</summary>
    private static JsonObject ListItem(ResourceType type, JsonObject obj)
    {
        if (!type.IsCustomResource)
        {
            obj.Remove("apiVersion");
            obj.Remove("kind");
        }

        return obj;
    }

    private static string Key(JsonObject obj) => $"{obj.Namespace()}/{obj.Name()}";
}
