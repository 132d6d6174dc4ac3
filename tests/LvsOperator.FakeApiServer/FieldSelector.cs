namespace LvsOperator.FakeApiServer;

/// <summary>
/// A field selector (k8s.io/apimachinery/pkg/fields): comma-separated <c>path=value</c>, <c>path==value</c>,
/// <c>path!=value</c>, with <c>\</c> escaping; only the paths the type supports, else 400.
/// </summary>
internal sealed class FieldSelector
{
    private readonly IReadOnlyList<(string Path, bool Equal, string Value)> terms;

    private FieldSelector(IReadOnlyList<(string Path, bool Equal, string Value)> terms) => this.terms = terms;

    public bool IsEverything => terms.Count == 0;

    public bool Matches(System.Text.Json.Nodes.JsonObject obj) => terms.All(t => (obj.FieldValue(t.Path) == t.Value) == t.Equal);

    public static FieldSelector Parse(string? text, ResourceType type)
    {
        if (string.IsNullOrEmpty(text))
        {
            return new FieldSelector([]);
        }

        var supported = type.FieldSelectorPaths.ToList();
        var terms = new List<(string, bool, string)>();
        foreach (var term in SplitUnescaped(text, ','))
        {
            var (path, equal, value) = ParseTerm(term);
            if (!supported.Contains(path))
            {
                throw ApiErrors.BadRequest(
                    $"\"{path}\" is not a known field selector: only {string.Join(", ", supported.Select(s => $"\"{s}\""))}");
            }

            terms.Add((path, equal, Unescape(value)));
        }

        return new FieldSelector(terms);
    }

    private static (string Path, bool Equal, string Value) ParseTerm(string term)
    {
        foreach (var (op, equal) in (ReadOnlySpan<(string, bool)>)[("!=", false), ("==", true), ("=", true)])
        {
            var index = IndexOfUnescaped(term, op);
            if (index > 0)
            {
                return (term[..index], equal, term[(index + op.Length)..]);
            }
        }

        throw ApiErrors.BadRequest($"invalid selector: '{term}'; can't understand '{term}'");
    }

    private static IEnumerable<string> SplitUnescaped(string text, char separator)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == separator)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }

        yield return text[start..];
    }

    private static int IndexOfUnescaped(string text, string op)
    {
        for (var i = 0; i + op.Length <= text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (string.CompareOrdinal(text, i, op, 0, op.Length) == 0)
            {
                return i;
            }
        }

        return -1;
    }

    private static string Unescape(string value) =>
        value.Replace("\\,", ",", StringComparison.Ordinal).Replace("\\=", "=", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
}
