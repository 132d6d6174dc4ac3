using System.Text;
using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace LvsOperator.Manifests.Tests.Fuzzing;

/// <summary>
/// Inputs for the manifest path, from a seeded <see cref="Random"/>: valid manifests with scalars replaced by
/// boundary values, keys dropped, doubled or invented, lists blown up and nesting deepened (as trees written as
/// flow YAML); then text-level damage (truncation, byte flips, doubled lines), alias bombs, and random documents.
/// </summary>
internal sealed class ManifestMutator(IReadOnlyList<string> seedTexts, Random random)
{
    private static readonly string[] Punctuation = ["{", "}", "[", "]", ":", ",", "-", "---", "&a", "*a", "!!", "?", "|", ">", "#", "'", "\"", "\n", " ", "  ", "\t", "%YAML 1.2", "..."];

    private readonly List<JsonNode> _seeds = seedTexts.SelectMany(Documents).ToList();
    private readonly string[] _keys = seedTexts.SelectMany(Documents).SelectMany(KeysOf).Distinct().Order().ToArray();

    public string Next() => random.Next(100) switch
    {
        < 60 => FlowYaml.Write(MutateTree()),
        < 82 => DamageText(random.Next(2) == 0 ? seedTexts[random.Next(seedTexts.Count)] : FlowYaml.Write(MutateTree())),
        < 87 => AliasBomb(),
        < 90 => Nesting(),
        < 95 => RandomDocument(),
        _ => string.Join("\n---\n", Enumerable.Range(0, random.Next(2, 5)).Select(_ => FlowYaml.Write(MutateTree()))),
    };

    private JsonNode MutateTree()
    {
        var tree = _seeds[random.Next(_seeds.Count)].DeepClone();
        for (var n = random.Next(1, 4); n > 0; n--) MutateOnce(tree);
        return tree;
    }

    private void MutateOnce(JsonNode tree)
    {
        var nodes = Walk(tree);
        nodes.RemoveAt(0); // the root has no parent to put a replacement in
        if (nodes.Count == 0) return;
        var target = nodes[random.Next(nodes.Count)];
        switch (random.Next(8))
        {
            case < 3:
                Replace(target, FlowYaml.RawToken(BoundaryValues.Tokens[random.Next(BoundaryValues.Tokens.Length)]));
                break;
            case 3:
                if (target.Parent is JsonObject parent) parent.Remove(target.GetPropertyName());
                else if (target.Parent is JsonArray list) list.Remove(target);
                break;
            case 4:
                if (target.Parent is JsonObject owner) owner[_keys[random.Next(_keys.Length)]] = target.DeepClone();
                break;
            case 5:
                if (target is JsonArray items && items.Count > 0)
                    for (var i = random.Next(1, 100); i > 0; i--) items.Add(items[random.Next(items.Count)]!.DeepClone());
                break;
            case 6:
                Replace(target, Nest(target.DeepClone(), random.Next(1, 80)));
                break;
            default:
                Replace(target, nodes[random.Next(nodes.Count)].DeepClone());
                break;
        }
    }

    private static void Replace(JsonNode target, JsonNode replacement)
    {
        if (target.Parent is JsonObject parent) parent[target.GetPropertyName()] = replacement;
        else if (target.Parent is JsonArray list) list[target.GetElementIndex()] = replacement;
    }

    private JsonNode Nest(JsonNode inner, int depth)
    {
        for (var i = 0; i < depth; i++) inner = random.Next(2) == 0 ? new JsonArray(inner) : new JsonObject { ["k"] = inner };
        return inner;
    }

    private string DamageText(string text)
    {
        var bytes = new StringBuilder(text);
        switch (random.Next(4))
        {
            case 0:
                return text[..random.Next(text.Length + 1)];
            case 1:
                for (var i = random.Next(1, 8); i > 0 && bytes.Length > 0; i--) bytes[random.Next(bytes.Length)] = (char)random.Next(1, 128);
                return bytes.ToString();
            case 2:
                var lines = text.Split('\n').ToList();
                var line = random.Next(lines.Count);
                lines.Insert(line, lines[line]);
                return string.Join('\n', lines);
            default:
                return bytes.Insert(random.Next(bytes.Length + 1), Punctuation[random.Next(Punctuation.Length)]).ToString();
        }
    }

    /// <summary>Billion laughs: each level names the one below ten times; depth and width vary so some fit the budget.</summary>
    private string AliasBomb()
    {
        var text = new StringBuilder("a0: &a0 [x]\n");
        var levels = random.Next(2, 12);
        var width = random.Next(2, 12);
        for (var i = 1; i <= levels; i++)
            text.Append($"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", width))}]\n");
        var seed = seedTexts[random.Next(seedTexts.Count)];
        return random.Next(2) == 0 ? text + seed.Replace("spec:", $"spec:\n  bomb: *a{levels}", StringComparison.Ordinal) : text.ToString();
    }

    /// <summary>
    /// Deep nesting against the parser's depth bound of 64: mostly just past it, and one in twenty far past it or past
    /// <see cref="ManifestLoader.MaxFileBytes"/> (refused unread). The depths between cost YamlDotNet's scanner the
    /// most (it looks up to 1,024 characters ahead for a simple key at every open bracket) and show nothing new.
    /// </summary>
    private string Nesting()
    {
        var depth = random.Next(20) == 0 ? random.Next(20_000, ManifestLoader.MaxFileBytes) : random.Next(10, 150);
        return random.Next(3) switch
        {
            0 => new string('[', depth) + new string(']', depth),
            1 => new StringBuilder(depth * 4).Insert(0, "{a: ", depth).ToString(),
            _ => string.Concat(Enumerable.Range(0, Math.Min(depth, 150)).Select(i => new string(' ', i) + "- \n")),
        };
    }

    private string RandomDocument()
    {
        var text = new StringBuilder();
        for (var i = random.Next(1, 60); i > 0; i--)
            text.Append(random.Next(3) == 0 ? _keys[random.Next(_keys.Length)] : Punctuation[random.Next(Punctuation.Length)]);
        return text.ToString();
    }

    /// <summary>Every node of the tree, depth first, without nested iterators (a tree of 80 levels would cost 80 per node).</summary>
    private static List<JsonNode> Walk(JsonNode node)
    {
        var nodes = new List<JsonNode>();
        var pending = new Stack<JsonNode>();
        pending.Push(node);
        while (pending.TryPop(out var next))
        {
            nodes.Add(next);
            if (next is JsonObject obj)
                foreach (var (_, child) in obj)
                    if (child is not null) pending.Push(child);
            if (next is JsonArray array)
                foreach (var child in array)
                    if (child is not null) pending.Push(child);
        }

        return nodes;
    }

    private static IEnumerable<string> KeysOf(JsonNode node) => Walk(node).OfType<JsonObject>().SelectMany(o => o.Select(p => p.Key));

    private static IEnumerable<JsonNode> Documents(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents.Select(d => YamlToJson.Convert(d.RootNode)).OfType<JsonObject>();
    }
}
