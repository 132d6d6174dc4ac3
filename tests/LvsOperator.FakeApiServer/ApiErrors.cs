using System.Text.Json.Nodes;

namespace LvsOperator.FakeApiServer;

/// <summary>
/// The errors of k8s.io/apimachinery/pkg/api/errors, with the real reasons, codes, messages and details
/// (details.kind is the plural resource, as the real NewNotFound/NewConflict set it).
/// </summary>
internal static class ApiErrors
{
    public static ApiException NotFound(ResourceType type, string name) =>
        new(404, "NotFound", $"{type.QualifiedResource} \"{name}\" not found", Details(type, name));

    public static ApiException AlreadyExists(ResourceType type, string name) =>
        new(409, "AlreadyExists", $"{type.QualifiedResource} \"{name}\" already exists", Details(type, name));

    public static ApiException Conflict(ResourceType type, string name, string why) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {type.QualifiedResource} \"{name}\": {why}", Details(type, name));

    public static ApiException StaleResourceVersion(ResourceType type, string name) =>
        Conflict(type, name, "the object has been modified; please apply your changes to the latest version and try again");

    /// <summary>422, as field.ErrorList aggregated by errors.NewInvalid.</summary>
    public static ApiException Invalid(ResourceType type, string name, string field, string fieldReason, string detail)
    {
        var details = Details(type, name);
        details["kind"] = type.Kind;
        details["causes"] = new JsonArray(new JsonObject { ["reason"] = fieldReason, ["message"] = detail, ["field"] = field });
        return new(422, "Invalid", $"{type.QualifiedKind} \"{name}\" is invalid: {field}: {detail}", details);
    }

    public static ApiException InvalidListOptions(string field, string detail)
    {
        var details = new JsonObject
        {
            ["group"] = "meta.k8s.io",
            ["kind"] = "ListOptions",
            ["causes"] = new JsonArray(new JsonObject { ["reason"] = "FieldValueForbidden", ["message"] = detail, ["field"] = field }),
        };
        return new(422, "Invalid", $"ListOptions.meta.k8s.io \"\" is invalid: {field}: {detail}", details);
    }

    public static ApiException BadRequest(string message) => new(400, "BadRequest", message);

    public static ApiException Expired(string message) => new(410, "Expired", message);

    public static ApiException MethodNotAllowed() =>
        new(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");

    public static ApiException UnknownResource() =>
        new(404, "NotFound", "the server could not find the requested resource", new JsonObject());

    public static ApiException UnsupportedMediaType(string contentType, IEnumerable<string> accepted) =>
        new(415, "UnsupportedMediaType",
            $"the body of the request was in an unknown format - accepted media types include: {string.Join(", ", accepted)}");

    /// <summary>The watch cache's answer when asked for a revision it has not reached (storage.NewTooLargeResourceVersionError).</summary>
    public static ApiException TooLargeResourceVersion(long requested, long current)
    {
        var details = new JsonObject
        {
            ["causes"] = new JsonArray(new JsonObject { ["reason"] = "ResourceVersionTooLarge", ["message"] = "Too large resource version" }),
            ["retryAfterSeconds"] = 1,
        };
        return new(504, "Timeout", $"Too large resource version: {requested}, current: {current}", details);
    }

    private static JsonObject Details(ResourceType type, string name)
    {
        var details = new JsonObject { ["name"] = name };
        if (type.Group.Length > 0)
        {
            details["group"] = type.Group;
        }

        details["kind"] = type.Plural;
        return details;
    }
}
