using System.Text.RegularExpressions;

namespace LvsOperator.ApiServer.Tests.Chart;

/// <summary>
/// The shell blocks of the README's "In a cluster" section, each marked <c>&lt;!-- verbatim-test: NAME --&gt;</c>
/// on the line before its <c>```sh</c> fence, and the <c>```text</c> output shown after a block.
/// </summary>
internal static partial class ReadmeBlocks
{
    public const string Heading = "## In a cluster";

    public static string Section { get; } = FindSection(File.ReadAllText(Repo.Path("README.md")));

    /// <summary>The marked blocks by name, each block's text exactly as the README has it.</summary>
    public static IReadOnlyDictionary<string, string> Marked { get; } =
        MarkedBlock().Matches(Section).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["code"].Value);

    /// <summary>How many <c>```sh</c> blocks the section has, marked or not.</summary>
    public static int ShellBlockCount => ShellFence().Count(Section);

    public static string Get(string name) =>
        Marked.TryGetValue(name, out var code)
            ? code
            : throw new InvalidOperationException($"README.md has no block marked verbatim-test: {name}");

    /// <summary>The <c>```text</c> block that follows the marked block <paramref name="name"/>, as lines.</summary>
    public static IReadOnlyList<string> OutputAfter(string name)
    {
        var start = Section.IndexOf($"<!-- verbatim-test: {name} -->", StringComparison.Ordinal);
        var output = TextBlock().Match(Section, start);
        if (start < 0 || !output.Success) throw new InvalidOperationException($"README.md shows no output after block {name}");
        return output.Groups["text"].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private static string FindSection(string readme)
    {
        var start = readme.IndexOf("\n" + Heading + "\n", StringComparison.Ordinal);
        if (start < 0) throw new InvalidOperationException($"README.md has no section '{Heading}'");
        var end = readme.IndexOf("\n## ", start + Heading.Length, StringComparison.Ordinal);
        return end < 0 ? readme[start..] : readme[start..end];
    }

    [GeneratedRegex(@"^<!-- verbatim-test: (?<name>[a-z-]+) -->\n```sh\n(?<code>.*?)^```$",
        RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex MarkedBlock();

    [GeneratedRegex(@"^```sh$", RegexOptions.Multiline)]
    private static partial Regex ShellFence();

    [GeneratedRegex(@"\G.*?^```text\n(?<text>.*?)^```$", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex TextBlock();
}
