using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using LvsOperator.Core.Resources;

namespace LvsOperator.Manifests;

/// <summary>
/// Checks a document's shape against the model before it is deserialised, the way
/// <c>kubectl apply --validate=strict</c> checks it against the schema: unknown fields, wrong types and
/// unknown enum values are all reported, each with its field path, instead of the first exception.
/// </summary>
internal static class ShapeChecker
{
    public static void Check(JsonNode? node, JsonTypeInfo info, string path, List<(string Field, string Message)> errors)
    {
        if (node is null) return;
        var type = Nullable.GetUnderlyingType(info.Type) ?? info.Type;
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Object when type == typeof(IntOrString):
            case JsonTypeInfoKind.None when type == typeof(IntOrString):
                if (node.GetValueKind() is not (JsonValueKind.Number or JsonValueKind.String))
                    errors.Add((path, "must be a port number or a port name"));
                break;
            case JsonTypeInfoKind.Object:
                CheckObject(node, info, path, errors);
                break;
            case JsonTypeInfoKind.Enumerable when type != typeof(string):
                if (node is not JsonArray array) { errors.Add((path, "must be a list")); break; }
                var element = Resolve(info.ElementType!);
                for (var i = 0; i < array.Count; i++) Check(array[i], element, $"{path}[{i}]", errors);
                break;
            case JsonTypeInfoKind.Dictionary:
                if (node is not JsonObject map) { errors.Add((path, "must be a map")); break; }
                var value = Resolve(info.ElementType!);
                foreach (var (key, item) in map) Check(item, value, $"{path}[{key}]", errors);
                break;
            default:
                if (ScalarError(node, type) is { } message) errors.Add((path, message));
                break;
        }
    }

    private static void CheckObject(JsonNode node, JsonTypeInfo info, string path, List<(string, string)> errors)
    {
        if (node is not JsonObject obj) { errors.Add((path, "must be an object")); return; }
        // ObjectMeta carries many fields LvsOperator does not read (ownerReferences, managedFields, ...).
        var strict = info.Type != typeof(ObjectMeta);
        foreach (var (name, child) in obj)
        {
            var field = path.Length == 0 ? name : $"{path}.{name}";
            var property = info.Properties.FirstOrDefault(p => p.Name == name);
            if (property is null)
            {
                if (strict) errors.Add((field, "unknown field"));
                continue;
            }

            Check(child, Resolve(property.PropertyType), field, errors);
        }
    }

    private static string? ScalarError(JsonNode node, Type type)
    {
        var kind = node.GetValueKind();
        if (type == typeof(string) || type == typeof(DateTimeOffset))
            return kind == JsonValueKind.String ? null : "must be a string";
        if (type == typeof(bool))
            return kind is JsonValueKind.True or JsonValueKind.False ? null : "must be true or false";
        if (type == typeof(int) || type == typeof(long))
        {
            if (kind != JsonValueKind.Number || !node.AsValue().TryGetValue<long>(out var number)) return "must be an integer";
            return type == typeof(int) && number is < int.MinValue or > int.MaxValue ? "is out of range" : null;
        }

        if (type.IsEnum)
        {
            var names = EnumNames(type);
            return kind == JsonValueKind.String && names.Contains(node.GetValue<string>())
                ? null
                : $"must be one of {string.Join(", ", names)}";
        }

        return null;
    }

    /// <summary>The enum's names as the JSON converter writes them (e.g. <c>TCP</c>, <c>sh-port</c>).</summary>
    private static string[] EnumNames(Type type)
    {
        var info = Resolve(type);
        return Enum.GetValuesAsUnderlyingType(type).Cast<object>()
            .Select(v => JsonSerializer.Serialize(Enum.ToObject(type, v), info).Trim('"'))
            .ToArray();
    }

    private static JsonTypeInfo Resolve(Type type) =>
        ResourceJsonContext.Default.GetTypeInfo(type)
        ?? throw new InvalidOperationException($"{type} is not in {nameof(ResourceJsonContext)}");
}
