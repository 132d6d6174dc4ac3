namespace LvsOperator.Core.Resources;

/// <summary>Labels, or an equality-based selector, as a command line spells them: <c>key=value,key=value</c>.</summary>
public static class LabelText
{
    /// <exception cref="FormatException">A term is not <c>key=value</c>.</exception>
    public static IReadOnlyDictionary<string, string> Parse(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(term => term.Split('=', 2) is [var key, var value] && key.Length > 0
                ? (Key: key.Trim(), Value: value.Trim())
                : throw new FormatException($"\"{term}\" is not key=value"))
            .ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);

    public static bool Matches(IReadOnlyDictionary<string, string> selector, IReadOnlyDictionary<string, string>? labels) =>
        selector.All(term => labels is not null && labels.TryGetValue(term.Key, out var value) && value == term.Value);
}
