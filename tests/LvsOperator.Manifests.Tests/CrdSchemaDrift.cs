using System.Globalization;
using System.Reflection;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using LvsOperator.Core.Resources;
using YamlDotNet.RepresentationModel;

namespace LvsOperator.Manifests.Tests;

/// <summary>
/// Walks a CRD schema beside the C# type it describes and lists every difference: fields on one side only,
/// types, integer formats and ranges, enum values, and defaults. Property names and kinds come from
/// <see cref="ResourceJsonContext"/>, the serializer the operator itself uses.
/// </summary>
internal sealed class CrdSchemaDrift
{
    /// <summary>
    /// Optional objects whose null the C# code reads as <c>new()</c> (ResourceValidator: <c>spec.Scheduler ?? new Scheduler()</c>;
    /// CandidateResolver: <c>spec.Forwarding ?? new Forwarding()</c>), so the schema may default them to <c>{}</c>.
    /// Not Persistence: null there means no persistence at all.
    /// </summary>
    private static readonly HashSet<(Type, string)> NullMeansNew =
    [
        (typeof(VirtualServiceSpec), "scheduler"),
        (typeof(VirtualServiceSpec), "forwarding"),
    ];

    /// <summary>
    /// Copies of a spec kept in status: the spec's own schema validated them when they were written, so the
    /// status schema only keeps them (x-kubernetes-preserve-unknown-fields) rather than repeating that schema.
    /// </summary>
    private static readonly HashSet<(Type, string)> SpecCopies = [(typeof(RealServerStatus), "acceptedSpec")];

    private readonly List<string> _problems = [];

    public static IReadOnlyList<string> Compare(YamlMappingNode schema, Type root)
    {
        var drift = new CrdSchemaDrift();
        drift.Node(schema, root, "", isRoot: true);
        return drift._problems;
    }

    private void Node(YamlMappingNode schema, Type type, string path, bool isRoot = false)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(IntOrString))
        {
            Expect(schema.Scalar("x-kubernetes-int-or-string") == "true", path, "an IntOrString needs x-kubernetes-int-or-string: true");
            return;
        }

        if (t == typeof(string) || t.IsPrimitive || t.IsEnum || t == typeof(DateTimeOffset))
        {
            Scalar(schema, t, path);
            return;
        }

        var info = ResourceJsonContext.Default.GetTypeInfo(t);
        if (info is null)
        {
            _problems.Add($"{path}: {t.Name} is not in ResourceJsonContext");
            return;
        }

        switch (info.Kind)
        {
            case JsonTypeInfoKind.Enumerable:
                Expect(schema.Scalar("type") == "array", path, $"is a list in C#, {schema.Scalar("type")} in the schema");
                if (schema.Map("items") is { } items) Node(items, info.ElementType!, path + "[*]");
                break;
            case JsonTypeInfoKind.Dictionary:
                Expect(info.KeyType == typeof(string), path, "dictionary keys must be strings");
                Expect(schema.Scalar("type") == "object", path, $"is a map in C#, {schema.Scalar("type")} in the schema");
                if (schema.Map("additionalProperties") is { } values) Node(values, info.ElementType!, path + "[*]");
                else _problems.Add($"{path}: a map needs additionalProperties");
                break;
            case JsonTypeInfoKind.Object:
                Object(schema, info, path, isRoot);
                break;
            default:
                _problems.Add($"{path}: {t.Name} has no schema mapping here");
                break;
        }
    }

    private void Object(YamlMappingNode schema, JsonTypeInfo info, string path, bool isRoot)
    {
        Expect(schema.Scalar("type") == "object", path, $"{info.Type.Name} is an object, the schema says {schema.Scalar("type")}");
        var inSchema = schema.Properties().ToDictionary(p => p.Name, p => p.Schema, StringComparer.Ordinal);
        var inModel = info.Properties.ToDictionary(p => p.Name, StringComparer.Ordinal);
        foreach (var name in inSchema.Keys.Except(inModel.Keys))
            _problems.Add($"{path}.{name}: in the schema but not in {info.Type.Name}");
        foreach (var name in inModel.Keys.Except(inSchema.Keys))
            _problems.Add($"{path}.{name}: {info.Type.Name}.{(inModel[name].AttributeProvider as MemberInfo)?.Name ?? name} is not in the schema");

        // Source generation gives records with init-only properties no CreateObject; their constructor is public.
        var instance = info.CreateObject?.Invoke() ?? Activator.CreateInstance(info.Type);
        var required = schema.Scalars("required");
        foreach (var (name, property) in inModel)
        {
            if (!inSchema.TryGetValue(name, out var child)) continue;
            var field = $"{path}.{name}";
            if (isRoot && name == "metadata")
            {
                // The API server validates ObjectMeta itself; a CRD may only say it is an object.
                Expect(child.Children.Count == 1 && child.Scalar("type") == "object", field, "must be just {type: object}");
                continue;
            }

            if (SpecCopies.Contains((info.Type, name)))
            {
                Expect(child.Scalar("type") == "object" && child.Scalar("x-kubernetes-preserve-unknown-fields") == "true"
                    && child.Map("properties") is null, field, "a copy of the spec is a plain object that keeps every field");
                continue;
            }

            Node(child, property.PropertyType, field);
            // apiVersion and kind are the TypeMeta of the document, not fields with defaults.
            if (!isRoot) Default(child, info.Type, property, property.Get!(instance!), required.Contains(name), field);
        }
    }

    /// <summary>
    /// A schema default must be what a new C# object holds; and a C# default (anything but null, "" or 0, and
    /// every enum) must be in the schema, unless the field is required, as in metav1.Condition and LabelSelector.
    /// </summary>
    private void Default(YamlMappingNode schema, Type owner, JsonPropertyInfo property, object? value, bool required, string field)
    {
        var schemaDefault = schema.Get("default");
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        if (schemaDefault is YamlMappingNode { Children.Count: 0 })
        {
            // `default: {}` materialises what the C# code reads a null as, so the nested defaults (wlc, DR)
            // are in the stored object and the SCHED and METHOD printer columns show them.
            Expect(value is null && NullMeansNew.Contains((owner, property.Name)), field,
                "default {} only fits an optional object whose null the C# code reads as new()");
            return;
        }

        if (schemaDefault is YamlSequenceNode { Children.Count: 0 })
        {
            Expect(value is System.Collections.ICollection { Count: 0 }, field, "default [] only fits a list that C# starts empty");
            return;
        }

        if (schemaDefault is YamlScalarNode { Value: var text })
        {
            Expect(value is not null && text == ScalarText(value), field, $"schema default {text}, C# default {(value is null ? "null" : ScalarText(value))}");
            return;
        }

        Expect(schemaDefault is null, field, "a default must be a scalar, {} or []");
        var meaningful = value is Enum || value is not (null or "" or 0 or 0L or false) && value is not DateTimeOffset;
        if (meaningful && !required) _problems.Add($"{field}: C# defaults it to {ScalarText(value!)}, the schema has no default");
    }

    private void Scalar(YamlMappingNode schema, Type t, string path)
    {
        var type = schema.Scalar("type");
        var format = schema.Scalar("format");
        if (t == typeof(string))
        {
            Expect(type == "string", path, $"string in C#, {type} in the schema");
        }
        else if (t == typeof(bool))
        {
            Expect(type == "boolean", path, $"bool in C#, {type} in the schema");
        }
        else if (t == typeof(DateTimeOffset))
        {
            Expect(type == "string" && format == "date-time", path, "a DateTimeOffset is a date-time string");
        }
        else if (t.IsEnum)
        {
            Expect(type == "string", path, $"enum in C#, {type} in the schema");
            var names = EnumNames(t);
            var values = schema.Scalars("enum");
            Expect(names.SequenceEqual(values), path, $"enum [{string.Join(", ", values)}], C# {t.Name} [{string.Join(", ", names)}]");
        }
        else if (t == typeof(int) || t == typeof(long))
        {
            Expect(type == "integer", path, $"{t.Name} in C#, {type} in the schema");
            var (expected, min, max) = t == typeof(int) ? ("int32", (decimal)int.MinValue, (decimal)int.MaxValue) : ("int64", long.MinValue, long.MaxValue);
            Expect(format == expected, path, $"{t.Name} needs format {expected}, not {format ?? "none"}");
            foreach (var bound in new[] { "minimum", "maximum" })
            {
                if (schema.Scalar(bound) is { } b)
                {
                    var n = decimal.Parse(b, CultureInfo.InvariantCulture);
                    Expect(n >= min && n <= max, path, $"{bound} {b} does not fit a C# {t.Name}");
                }
            }
        }
        else
        {
            _problems.Add($"{path}: C# type {t.Name} has no schema mapping");
        }
    }

    /// <summary>The JSON names of an enum's members, in declaration order.</summary>
    public static IReadOnlyList<string> EnumNames(Type t) =>
        t.GetFields(BindingFlags.Public | BindingFlags.Static)
            .OrderBy(f => Convert.ToInt64(f.GetValue(null), CultureInfo.InvariantCulture))
            .Select(f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? f.Name)
            .ToList();

    private static string ScalarText(object value) => value switch
    {
        Enum e => e.GetType().GetField(e.ToString())!.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? e.ToString(),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private void Expect(bool condition, string path, string problem)
    {
        if (!condition) _problems.Add($"{(path.Length == 0 ? "(root)" : path)}: {problem}");
    }
}
