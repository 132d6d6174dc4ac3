using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LvsOperator.Manifests;

/// <summary>
/// Turns YAML into the JSON the API server would receive, resolving plain scalars as kubectl does
/// (sigs.k8s.io/yaml over go-yaml v2, YAML 1.1): <c>on</c>/<c>yes</c>/<c>y</c> are booleans, <c>0x1F</c>
/// and <c>010</c> are hex and octal integers, quoted scalars are always strings.
/// </summary>
internal static class YamlToJson
{
    /// <exception cref="YamlException">Not a document of JSON's shape, or too large or deep once aliases are expanded.</exception>
    public static JsonNode? Convert(YamlNode node)
    {
        AliasExpansion.Check(node);
        var budget = AliasExpansion.MaxNodes;
        return Convert(node, 0, ref budget);
    }

    /// <summary>The bounds <see cref="AliasExpansion"/> checked, kept here too, so no input can make this recursion unbounded.</summary>
    private static JsonNode? Convert(YamlNode node, int depth, ref int budget)
    {
        if (--budget < 0) throw new YamlException(node.Start, node.End, $"more than {AliasExpansion.MaxNodes} nodes once aliases are expanded");
        if (depth > GuardedParser.MaxDepth) throw new YamlException(node.Start, node.End, $"nested deeper than {GuardedParser.MaxDepth} levels once aliases are expanded");
        switch (node)
        {
            case YamlMappingNode map:
                return ConvertMapping(map, depth, ref budget);
            case YamlSequenceNode seq:
                var array = new JsonArray();
                foreach (var child in seq.Children) array.Add(Convert(child, depth + 1, ref budget));
                return array;
            case YamlScalarNode scalar:
                return ConvertScalar(scalar);
            default:
                throw new YamlException(node.Start, node.End, "an alias names no anchor");
        }
    }

    private static JsonObject ConvertMapping(YamlMappingNode map, int depth, ref int budget)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in map.Children)
        {
            var name = (key as YamlScalarNode)?.Value
                       ?? throw new YamlException(key.Start, key.End, "mapping keys must be strings");
            if (obj.ContainsKey(name)) throw new YamlException(key.Start, key.End, $"duplicate key \"{name}\"");
            obj[name] = Convert(value, depth + 1, ref budget);
        }

        return obj;
    }

    private static JsonValue? ConvertScalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style != ScalarStyle.Plain) return JsonValue.Create(text);
        if (text is "" or "~" or "null" or "Null" or "NULL") return null;
        if (Booleans.TryGetValue(text, out var boolean)) return JsonValue.Create(boolean);
        if (TryParseInteger(text.Replace("_", "", StringComparison.Ordinal), out var integer)) return JsonValue.Create(integer);
        // Past double's range (1e309) Go's ParseFloat fails and go-yaml keeps the string; JSON has no infinity (found by fuzzing).
        if (LooksLikeFloat(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
            return JsonValue.Create(d);
        return JsonValue.Create(text);
    }

    private static readonly Dictionary<string, bool> Booleans = new(StringComparer.Ordinal)
    {
        ["y"] = true, ["Y"] = true, ["yes"] = true, ["Yes"] = true, ["YES"] = true, ["on"] = true, ["On"] = true, ["ON"] = true,
        ["true"] = true, ["True"] = true, ["TRUE"] = true,
        ["n"] = false, ["N"] = false, ["no"] = false, ["No"] = false, ["NO"] = false, ["off"] = false, ["Off"] = false, ["OFF"] = false,
        ["false"] = false, ["False"] = false, ["FALSE"] = false,
    };

    /// <summary>Go's strconv.ParseInt with base 0, as go-yaml v2 calls it: 0x hex, 0b binary, a leading 0 octal.</summary>
    private static bool TryParseInteger(string text, out long value)
    {
        value = 0;
        var negative = text.StartsWith('-');
        var digits = text.TrimStart('-', '+');
        if (digits.Length == 0 || !char.IsAsciiDigit(digits[0])) return false;
        var (radix, body) = digits switch
        {
            ['0', 'x' or 'X', .. var rest] => (16, rest),
            ['0', 'b' or 'B', .. var rest] => (2, rest),
            ['0', 'o' or 'O', .. var rest] => (8, rest),
            ['0', _, ..] => (8, digits[1..]),
            _ => (10, digits),
        };
        if (body.Length == 0 || !body.All(c => char.IsAsciiHexDigit(c) && HexValue(c) < radix)) return false;
        try
        {
            value = System.Convert.ToInt64(body, radix);
        }
        catch (OverflowException)
        {
            return false;
        }

        value = negative ? -value : value;
        return true;
    }

    private static int HexValue(char c) => char.IsAsciiDigit(c) ? c - '0' : (c | 0x20) - 'a' + 10;

    private static bool LooksLikeFloat(string text) =>
        text.Length > 0 && (char.IsDigit(text[0]) || text[0] is '-' or '+' or '.') && text.Any(char.IsDigit);
}
