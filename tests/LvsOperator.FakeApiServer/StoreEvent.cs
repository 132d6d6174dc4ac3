using System.Text.Json.Nodes;

namespace LvsOperator.FakeApiServer;

/// <summary>One committed change: the revision, the type, the object after it and the object before it.</summary>
/// <remarks>Objects in events are never mutated; a watcher clones before it writes them out.</remarks>
internal sealed record StoreEvent(long Revision, string Type, ResourceType Resource, JsonObject Object, JsonObject? Previous)
{
    public const string Added = "ADDED";
    public const string Modified = "MODIFIED";
    public const string Deleted = "DELETED";
}
