using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LvsOperator.Manifests;

/// <summary>
/// Validates and defaults a document against a CRD's structural OpenAPI v3 schema the way the API server
/// does before CEL runs (apiextensions-apiserver's schema validation, with kubectl's strict field
/// validation for unknown fields). Every error is reported, each with its field path and in the words
/// kube-apiserver v1.36 puts in its Status causes (kube-openapi's "Invalid value: V: PATH in body ..."), which
/// tests/LvsOperator.ApiServer.Tests holds against the real server.
/// </summary>
internal sealed class StructuralSchema(JsonObject root)
{
    private readonly JsonObject root = root;

    public List<(string Field, string Message)> Validate(JsonNode document)
    {
        var errors = new List<(string, string)>();
        Check(document, root, "", errors);
        return errors;
    }

    /// <summary>Fills in schema defaults for absent fields, recursively, as the API server does on create.</summary>
    public void ApplyDefaults(JsonNode? document) => Default(document, root);

    private static void Check(JsonNode? node, JsonObject schema, string path, List<(string, string)> errors)
    {
        if (node is null)
        {
            if (schema["nullable"]?.GetValue<bool>() != true) errors.Add((path, "must not be null"));
            return;
        }

        if (Flag(schema, "x-kubernetes-int-or-string"))
        {
            // The server checks int-or-string as a type and then as anyOf(integer, string), reporting the type twice
            // (and a field-less anyOf cause, which names no field and is left out here).
            if (node.GetValueKind() is not (JsonValueKind.Number or JsonValueKind.String))
            {
                errors.Add((path, WrongType(node, path, "integer,string")));
                errors.Add((path, WrongType(node, path, "integer")));
            }

            return;
        }

        if (schema["anyOf"] is JsonArray anyOf)
        {
            var branches = anyOf.OfType<JsonObject>().Select(b => { var e = new List<(string, string)>(); Check(node, b, path, e); return e; }).ToList();
            if (branches.All(b => b.Count > 0)) errors.Add((path, $"must match one of: {string.Join(", ", anyOf.Select(b => (string?)b?["type"]))}"));
        }

        var type = (string?)schema["type"];
        if (type is not null && !HasType(node, type))
        {
            errors.Add((path, WrongType(node, path, type)));
            return;
        }

        CheckScalar(node, schema, path, errors);
        if (node is JsonObject obj) CheckObject(obj, schema, path, errors);
        if (node is JsonArray array) CheckArray(array, schema, path, errors);
    }

    private static void CheckObject(JsonObject obj, JsonObject schema, string path, List<(string, string)> errors)
    {
        foreach (var required in schema["required"]?.AsArray() ?? [])
            if (!obj.ContainsKey((string)required!)) errors.Add((Join(path, (string)required!), "Required value"));

        // The API server words a map's maxProperties as a list's maxItems.
        if (Number(schema, "maxProperties") is { } max && obj.Count > max) errors.Add((path, TooMany(obj.Count, max)));

        var properties = schema["properties"] as JsonObject;
        var additional = schema["additionalProperties"];
        foreach (var (name, value) in obj)
        {
            var field = Join(path, name);
            if (properties?[name] is JsonObject property) Check(value, property, field, errors);
            else if (additional is JsonObject map) Check(value, map, field, errors); // the server's path for a map key is PATH.KEY
            else if (additional?.GetValueKind() != JsonValueKind.True && !Flag(schema, "x-kubernetes-preserve-unknown-fields"))
                errors.Add((field, "unknown field"));
        }
    }

    private static void CheckArray(JsonArray array, JsonObject schema, string path, List<(string, string)> errors)
    {
        if (Number(schema, "maxItems") is { } max && array.Count > max) errors.Add((path, TooMany(array.Count, max)));
        if (Number(schema, "minItems") is { } min && array.Count < min)
            errors.Add((path, $"Invalid value: {array.Count}: {path} in body should have at least {min} items"));

        switch ((string?)schema["x-kubernetes-list-type"])
        {
            case "set":
                for (var i = 0; i < array.Count; i++)
                    if (array.Take(i).Any(prior => JsonNode.DeepEquals(prior, array[i]))) errors.Add(($"{path}[{i}]", $"Duplicate value: {array[i]?.ToJsonString()}"));
                break;
            case "map":
                var keys = schema["x-kubernetes-list-map-keys"]?.AsArray().Select(k => (string)k!).ToList() ?? [];
                for (var i = 0; i < array.Count; i++)
                    // Only objects have keys; an item of another type is its own error below.
                    if (array[i] is JsonObject item && array.Take(i).OfType<JsonObject>().Any(prior => keys.All(k => JsonNode.DeepEquals(prior[k], item[k]))))
                        errors.Add(($"{path}[{i}]", $"Duplicate value: {new JsonObject(keys.Select(k => KeyValuePair.Create(k, item[k]?.DeepClone())))
                            .ToJsonString()}"));
                break;
        }

        if (schema["items"] is not JsonObject items) return;
        for (var i = 0; i < array.Count; i++) Check(array[i], items, $"{path}[{i}]", errors);
    }

    private static void CheckScalar(JsonNode node, JsonObject schema, string path, List<(string, string)> errors)
    {
        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, node)))
            errors.Add((path, $"Unsupported value: {node.ToJsonString()}: supported values: {string.Join(", ", allowed.Select(a => a!.ToJsonString()))}"));

        if (node.GetValueKind() == JsonValueKind.String)
        {
            var text = node.GetValue<string>();
            // The API server counts characters (runes) but words the bound in bytes.
            var tooLong = Number(schema, "maxLength") is { } maxLength && text.EnumerateRunes().Count() > maxLength;
            if (tooLong) errors.Add((path, $"Too long: may not be more than {Number(schema, "maxLength")} bytes"));
            if (Number(schema, "minLength") is { } minLength && text.Length < minLength) errors.Add((path, $"must be at least {minLength} characters long"));
            // A string past its bound is not matched too: a nested pattern over 40,000 characters backtracks for seconds.
            if (!tooLong && (string?)schema["pattern"] is { } pattern && !Matches(text, pattern))
                errors.Add((path, $"Invalid value: {node.ToJsonString()}: {path} in body should match '{pattern}'"));
        }

        if (node.GetValueKind() == JsonValueKind.Number)
        {
            var value = AsDouble(node);
            if (Number(schema, "maximum") is { } maximum && value > maximum) errors.Add((path, $"{Echo(node, path)} should be less than or equal to {maximum}"));
            if (Number(schema, "minimum") is { } minimum && value < minimum) errors.Add((path, $"{Echo(node, path)} should be greater than or equal to {minimum}"));
        }
    }

    /// <summary>
    /// Holds every <c>format: int32</c> integer past the int32 range at the nearer bound, in place: the typed model
    /// can then be built and its validator words the range.
    /// </summary>
    public static void SaturateInt32(JsonNode document, StructuralSchema schema) => Saturate(document, schema.root);

    private static void Saturate(JsonNode? node, JsonObject schema)
    {
        switch (node)
        {
            case JsonObject obj when schema["properties"] is JsonObject properties:
                foreach (var (name, value) in obj.ToList())
                {
                    if (properties[name] is not JsonObject property) continue;
                    if (IsInt32(property) && value is JsonValue v && v.TryGetValue<long>(out var n) && n is < int.MinValue or > int.MaxValue)
                    {
                        obj[name] = n < 0 ? int.MinValue : int.MaxValue;
                    }
                    else
                    {
                        Saturate(value, property);
                    }
                }

                break;
            case JsonArray array when schema["items"] is JsonObject items:
                for (var i = 0; i < array.Count; i++)
                {
                    if (IsInt32(items) && array[i] is JsonValue v && v.TryGetValue<long>(out var n) && n is < int.MinValue or > int.MaxValue)
                    {
                        array[i] = n < 0 ? int.MinValue : int.MaxValue;
                    }
                    else
                    {
                        Saturate(array[i], items);
                    }
                }

                break;
        }
    }

    private static bool IsInt32(JsonObject schema) => (string?)schema["type"] == "integer" && (string?)schema["format"] == "int32";

    /// <summary>
    /// Each CRD pattern compiled once, for matching in time linear in the text, as kube-apiserver's Go RE2 does: a
    /// backtracking match of the label pattern on a few hundred hostile characters held the fuzzing suite for its
    /// whole 1 s timeout.
    /// </summary>
    private static readonly ConcurrentDictionary<string, Regex> Patterns = new(StringComparer.Ordinal);

    private static bool Matches(string text, string pattern) =>
        Patterns.GetOrAdd(pattern, p => new Regex(p, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)).IsMatch(text);

    private static void Default(JsonNode? node, JsonObject schema)
    {
        if (node is JsonObject obj && schema["properties"] is JsonObject properties)
        {
            foreach (var (name, property) in properties)
            {
                if (property is not JsonObject p) continue;
                if (!obj.ContainsKey(name) && p["default"] is { } value) obj[name] = value.DeepClone();
                Default(obj[name], p);
            }
        }
        else if (node is JsonArray array && schema["items"] is JsonObject items)
        {
            foreach (var item in array) Default(item, items);
        }
    }

    private static bool HasType(JsonNode node, string type) => (type, node.GetValueKind()) switch
    {
        ("object", JsonValueKind.Object) or ("array", JsonValueKind.Array) or ("string", JsonValueKind.String) => true,
        ("boolean", JsonValueKind.True or JsonValueKind.False) => true,
        ("number", JsonValueKind.Number) => true,
        ("integer", JsonValueKind.Number) => node.AsValue().TryGetValue<long>(out _),
        _ => false,
    };

    /// <summary>The server names the value's JSON type, twice: <c>Invalid value: "boolean": PATH in body must be of type integer: "boolean"</c>.</summary>
    private static string WrongType(JsonNode node, string path, string type)
    {
        var actual = node.GetValueKind() switch
        {
            JsonValueKind.Object => "object",
            JsonValueKind.Array => "array",
            JsonValueKind.String => "string",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Number => node.AsValue().TryGetValue<long>(out _) ? "integer" : "number",
            _ => "null",
        };
        return $"Invalid value: \"{actual}\": {path} in body must be of type {type}: \"{actual}\"";
    }

    private static string TooMany(int count, double max) => $"Too many: {count}: must have at most {max} items";

    private static bool Flag(JsonObject schema, string name) => schema[name]?.GetValueKind() == JsonValueKind.True;

    private static double? Number(JsonObject schema, string name) => schema[name] is { } n ? AsDouble(n) : null;

    private static string Echo(JsonNode node, string path) => $"Invalid value: {node.ToJsonString()}: {path} in body";

    /// <summary>
    /// A number as YamlToJson made it (a long or a double) without writing it out as JSON text first, which was a
    /// good share of checking 1,000 manifests; a value of another origin goes the long way.
    /// </summary>
    private static double AsDouble(JsonNode number) => number.AsValue() switch
    {
        var v when v.TryGetValue<long>(out var l) => l,
        var v when v.TryGetValue<double>(out var d) => d,
        _ => double.Parse(number.ToJsonString(), CultureInfo.InvariantCulture),
    };

    /// <summary>An empty key (<c>"": x</c>) is shown as <c>[""]</c>, so even its error names a field (found by fuzzing).</summary>
    private static string Join(string path, string name) => name.Length == 0 ? $"{path}[\"\"]" : path.Length == 0 ? name : $"{path}.{name}";
}
