using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LvsOperator.FakeApiServer;

/// <summary>Reads and writes the metadata fields the server owns on schema-less objects.</summary>
internal static class ObjectFields
{
    public static JsonObject Metadata(this JsonObject obj)
    {
        if (obj["metadata"] is JsonObject metadata)
        {
            return metadata;
        }

        metadata = [];
        obj["metadata"] = metadata;
        return metadata;
    }

    public static string MetaString(this JsonObject obj, string field) =>
        obj["metadata"] is JsonObject metadata && metadata[field] is JsonValue value && value.TryGetValue(out string? text) ? text : "";

    public static string Name(this JsonObject obj) => obj.MetaString("name");
    public static string Namespace(this JsonObject obj) => obj.MetaString("namespace");
    public static string Uid(this JsonObject obj) => obj.MetaString("uid");
    public static string ResourceVersion(this JsonObject obj) => obj.MetaString("resourceVersion");
    public static bool IsDeleting(this JsonObject obj) => obj.MetaString("deletionTimestamp").Length > 0;

    public static long Generation(this JsonObject obj) =>
        obj["metadata"]?["generation"] is JsonValue value && value.GetValueKind() == JsonValueKind.Number
            ? long.Parse(value.ToJsonString(), CultureInfo.InvariantCulture)
            : 0;

    public static IReadOnlyList<string> Finalizers(this JsonObject obj) =>
        obj["metadata"]?["finalizers"] is JsonArray array ? [.. array.Select(item => item?.GetValue<string>() ?? "")] : [];

    public static void SetFinalizers(this JsonObject obj, IEnumerable<string> finalizers)
    {
        var list = finalizers.ToList();
        if (list.Count == 0)
        {
            obj.Metadata().Remove("finalizers");
        }
        else
        {
            obj.Metadata()["finalizers"] = new JsonArray([.. list.Select(f => JsonValue.Create(f))]);
        }
    }

    /// <summary>The uids in metadata.ownerReferences.</summary>
    public static IReadOnlyList<string> OwnerUids(this JsonObject obj) =>
        obj["metadata"]?["ownerReferences"] is JsonArray refs
            ? [.. refs.OfType<JsonObject>().Select(r => r["uid"]?.GetValue<string>() ?? "")]
            : [];

    public static void RemoveOwnerReferences(this JsonObject obj, ISet<string> uids)
    {
        if (obj["metadata"]?["ownerReferences"] is not JsonArray refs)
        {
            return;
        }

        var kept = refs.OfType<JsonObject>().Where(r => !uids.Contains(r["uid"]?.GetValue<string>() ?? "")).Select(r => r.DeepClone()).ToArray();
        if (kept.Length == 0)
        {
            obj.Metadata().Remove("ownerReferences");
        }
        else
        {
            obj.Metadata()["ownerReferences"] = new JsonArray(kept);
        }
    }

    public static IReadOnlyDictionary<string, string> Labels(this JsonObject obj) =>
        obj["metadata"]?["labels"] is JsonObject labels
            ? labels.Where(p => p.Value is JsonValue).ToDictionary(p => p.Key, p => p.Value!.GetValue<string>())
            : new Dictionary<string, string>();

    /// <summary>A dotted path's value as a field selector sees it: strings as is, numbers and booleans printed, absent as "".</summary>
    public static string FieldValue(this JsonObject obj, string dottedPath)
    {
        JsonNode? node = obj;
        foreach (var part in dottedPath.Split('.'))
        {
            node = node is JsonObject o ? o[part] : null;
        }

        return node switch
        {
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            JsonValue v when v.GetValueKind() == JsonValueKind.True => "true",
            JsonValue v when v.GetValueKind() == JsonValueKind.False => "false",
            JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(),
            _ => "",
        };
    }

    public static string FormatRevision(long revision) => revision.ToString(CultureInfo.InvariantCulture);

    /// <summary>RFC 3339 at second precision, as metav1.Time marshals.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Deep equality of everything but the named top-level fields.</summary>
    public static bool EqualExcept(JsonObject a, JsonObject b, params string[] ignored)
    {
        var left = (JsonObject)a.DeepClone();
        var right = (JsonObject)b.DeepClone();
        foreach (var field in ignored)
        {
            left.Remove(field);
            right.Remove(field);
        }

        return JsonNode.DeepEquals(left, right);
    }
}
