using System.Text.Json.Nodes;

namespace LvsOperator.FakeApiServer;

/// <summary>
/// What one watcher sees of a store event: only its type and namespace, through its selectors. An object that stops
/// matching arrives as DELETED and one that starts matching as ADDED, as the watch cache's filtering does.
/// </summary>
internal sealed class WatchFilter(ResourcePath path, ListOptions list)
{
    public bool Matches(JsonObject? obj) =>
        obj is not null
        && (path.Namespace is null || obj.Namespace() == path.Namespace)
        && list.Labels.Matches(obj.Labels())
        && list.Fields.Matches(obj);

    public (string Type, JsonObject Object)? Translate(StoreEvent storeEvent)
    {
        if (storeEvent.Resource != path.Type)
        {
            return null;
        }

        var before = Matches(storeEvent.Previous);
        var after = storeEvent.Type != StoreEvent.Deleted && Matches(storeEvent.Object);
        string? type = (before, after) switch
        {
            (true, true) => StoreEvent.Modified,
            (false, true) => StoreEvent.Added,
            (true, false) => StoreEvent.Deleted,
            _ => null,
        };
        return type is null ? null : (type, (JsonObject)storeEvent.Object.DeepClone());
    }
}
