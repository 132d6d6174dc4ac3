using System.Text.Json.Nodes;

namespace LvsOperator.FakeApiServer;

/// <summary>Dispatches a PATCH body by Content-Type, with the media types the real server accepts per kind of type.</summary>
internal static class PatchDocument
{
    public const string MergePatch = "application/merge-patch+json";
    public const string JsonPatchType = "application/json-patch+json";
    public const string StrategicMergePatch = "application/strategic-merge-patch+json";
    public const string ApplyPatch = "application/apply-patch+yaml";

    public static JsonObject Apply(string contentType, JsonObject current, JsonNode patch)
    {
        var mediaType = contentType.Split(';')[0].Trim();
        return mediaType switch
        {
            MergePatch when patch is JsonObject merge => (JsonObject)JsonMergePatch.Apply(current, merge)!,
            MergePatch => throw ApiErrors.BadRequest("json: cannot unmarshal non-object into Go value of type map[string]interface {}"),
            JsonPatchType => JsonPatch.Apply(current, patch),
            _ => throw ApiErrors.UnsupportedMediaType(contentType, Accepted),
        };
    }

    /// <summary>
    /// Strategic merge patch needs Go struct tags, so CRDs never accept it; the fake refuses it for every type
    /// rather than approximate it, and has no server-side apply.
    /// </summary>
    private static readonly string[] Accepted = [JsonPatchType, MergePatch, ApplyPatch];
}
