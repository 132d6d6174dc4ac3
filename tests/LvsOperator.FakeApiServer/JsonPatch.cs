using System.Text.Json.Nodes;

namespace LvsOperator.FakeApiServer;

/// <summary>
/// JSON Patch, RFC 6902: add, remove, replace, move, copy, test over JSON Pointers (RFC 6901). Any failing
/// operation fails the whole patch; the real server answers 422 with the library's message.
/// </summary>
internal static class JsonPatch
{
    public static JsonObject Apply(JsonObject current, JsonNode patch)
    {
        if (patch is not JsonArray operations)
        {
            throw ApiErrors.BadRequest("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
        }

        JsonNode document = current.DeepClone();
        foreach (var operation in operations)
        {
            document = ApplyOne(document, operation as JsonObject ?? throw ApiErrors.BadRequest("invalid JSON patch operation"));
        }

        return document as JsonObject ?? throw Unprocessable("the patched document is not an object");
    }

    private static JsonNode ApplyOne(JsonNode document, JsonObject operation)
    {
        var op = operation["op"]?.GetValue<string>() ?? throw ApiErrors.BadRequest("JSON patch operation has no \"op\"");
        var path = operation["path"]?.GetValue<string>() ?? throw ApiErrors.BadRequest($"JSON patch operation \"{op}\" has no \"path\"");
        switch (op)
        {
            case "add":
                return Add(document, path, Value(operation));
            case "remove":
                Remove(document, path);
                return document;
            case "replace":
                Remove(document, path);
                return Add(document, path, Value(operation));
            case "move":
                var moved = Get(document, From(operation)).DeepClone();
                Remove(document, From(operation));
                return Add(document, path, moved);
            case "copy":
                return Add(document, path, Get(document, From(operation)).DeepClone());
            case "test":
                var actual = Get(document, path);
                return JsonNode.DeepEquals(actual, operation["value"])
                    ? document
                    : throw Unprocessable($"testing value {path} failed: test failed");
            default:
                throw ApiErrors.BadRequest($"Unexpected kind: {op}");
        }
    }

    private static JsonNode Add(JsonNode document, string path, JsonNode? value)
    {
        if (path.Length == 0)
        {
            return value ?? throw Unprocessable("cannot replace the document with null");
        }

        var (parent, token) = Parent(document, path);
        switch (parent)
        {
            case JsonObject obj:
                obj[token] = value;
                break;
            case JsonArray array when token == "-":
                array.Add(value);
                break;
            case JsonArray array when int.TryParse(token, out var index) && index >= 0 && index <= array.Count:
                array.Insert(index, value);
                break;
            default:
                throw Unprocessable($"add operation does not apply: doc is missing path: \"{path}\": missing value");
        }

        return document;
    }

    private static void Remove(JsonNode document, string path)
    {
        var (parent, token) = Parent(document, path);
        var removed = parent switch
        {
            JsonObject obj => obj.Remove(token),
            JsonArray array when int.TryParse(token, out var index) && index >= 0 && index < array.Count => RemoveAt(array, index),
            _ => false,
        };
        if (!removed)
        {
            throw Unprocessable($"remove operation does not apply: doc is missing path: \"{path}\": missing value");
        }
    }

    private static bool RemoveAt(JsonArray array, int index)
    {
        array.RemoveAt(index);
        return true;
    }

    private static JsonNode Get(JsonNode document, string path)
    {
        JsonNode? node = document;
        foreach (var token in Tokens(path))
        {
            node = node switch
            {
                JsonObject obj => obj[token],
                JsonArray array when int.TryParse(token, out var index) && index >= 0 && index < array.Count => array[index],
                _ => null,
            };
        }

        return node ?? throw Unprocessable($"doc is missing path: \"{path}\": missing value");
    }

    private static (JsonNode Parent, string Token) Parent(JsonNode document, string path)
    {
        var tokens = Tokens(path);
        var parentPath = "/" + string.Join('/', tokens[..^1].Select(Escape));
        var parent = tokens.Length == 1 ? document : Get(document, parentPath);
        return (parent, tokens[^1]);
    }

    /// <summary>RFC 6901 section 4: split on '/', then ~1 to '/' and ~0 to '~', in that order.</summary>
    private static string[] Tokens(string path) =>
        path.Length == 0 ? [] :
        path[0] != '/' ? throw Unprocessable($"JSON pointer \"{path}\" does not start with '/'") :
        [.. path[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal))];

    private static string Escape(string token) => token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static JsonNode? Value(JsonObject operation) =>
        operation.TryGetPropertyValue("value", out var value) ? value?.DeepClone() : throw ApiErrors.BadRequest("JSON patch operation has no \"value\"");

    private static string From(JsonObject operation) =>
        operation["from"]?.GetValue<string>() ?? throw ApiErrors.BadRequest("JSON patch operation has no \"from\"");

    private static ApiException Unprocessable(string message) => new(422, "Invalid", message);
}
