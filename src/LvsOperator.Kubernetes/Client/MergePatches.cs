using System.Text.Json.Nodes;

namespace LvsOperator.Kubernetes.Client;

/// <summary>JSON merge patches (RFC 7386) that replace a value the writer read before, not merge into it.</summary>
public static class MergePatches
{
    /// <summary>
    /// A patch that turns <paramref name="previous"/> into <paramref name="next"/>: next's fields as they are,
    /// and a null for every field previous had and next has not, at every depth, since a merge patch keeps what
    /// it does not name (RFC 7386 §2). Lists and scalars are replaced whole, as the RFC does anyway.
    /// </summary>
    public static JsonNode? Replacing(JsonNode? previous, JsonNode? next)
    {
        if (next is not JsonObject to) return next?.DeepClone();
        var from = previous as JsonObject;
        var patch = new JsonObject();
        foreach (var (name, value) in to)
            patch[name] = from?[name] is JsonObject before && value is JsonObject ? Replacing(before, value) : value?.DeepClone();
        foreach (var (name, _) in from ?? [])
        {
            if (!to.ContainsKey(name)) patch[name] = null;
        }

        return patch;
    }
}
