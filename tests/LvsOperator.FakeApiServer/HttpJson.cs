using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace LvsOperator.FakeApiServer;

/// <summary>Reads request bodies and writes JSON responses.</summary>
internal static class HttpJson
{
    public static async Task<JsonNode?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        if (text.Length == 0)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            throw ApiErrors.BadRequest($"error decoding request body: {e.Message}");
        }
    }

    public static async Task<JsonObject> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken) =>
        await ReadAsync(request, cancellationToken).ConfigureAwait(false) as JsonObject
        ?? throw ApiErrors.BadRequest("the request body must be a JSON object");

    public static async Task WriteAsync(HttpResponse response, int statusCode, JsonObject body, CancellationToken cancellationToken)
    {
        response.StatusCode = statusCode;
        response.ContentType = "application/json";
        await response.WriteAsync(body.ToJsonString(), cancellationToken).ConfigureAwait(false);
    }
}
