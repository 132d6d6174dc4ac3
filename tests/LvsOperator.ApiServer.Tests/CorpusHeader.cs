namespace LvsOperator.ApiServer.Tests;

/// <summary>The header of a tests/manifests/invalid file (tests/manifests/README.md): the rule's message, or a schema reason, and the field.</summary>
internal sealed record CorpusHeader(string? Message, string? SchemaReason, string? Field)
{
    public static CorpusHeader Read(string file)
    {
        var header = File.ReadLines(file).TakeWhile(l => l.StartsWith('#')).ToList();
        string? Value(string key) => header
            .Where(l => l.StartsWith($"# {key}:", StringComparison.Ordinal))
            .Select(l => l[(key.Length + 3)..].Trim())
            .FirstOrDefault();
        return new CorpusHeader(Value("expect"), Value("expect-schema"), Value("field"));
    }
}
