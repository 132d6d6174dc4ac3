namespace LvsOperator.Cli.Tests;

/// <summary>
/// One file of the shared manifest corpus (tests/manifests). An invalid file states, in its header, the exact
/// message the API server's CEL rule gives (<c># expect:</c>) and the field (<c># field:</c>), or that the
/// schema itself rejects it (<c># expect-schema:</c>); the schema suite checks the same files against the CRDs.
/// </summary>
internal sealed record CorpusCase(string File, string? Message, string? Field, string? SchemaReason)
{
    public static IEnumerable<object[]> Invalid() => Files("invalid").Select(f => new object[] { Read(f) });

    public static IEnumerable<object[]> Valid() =>
        Files("valid").Concat(Directory.EnumerateFiles(Repo.Path("examples"), "*.yaml")).Order().Select(f => new object[] { System.IO.Path.GetRelativePath(Repo.Root, f) });

    private static IEnumerable<string> Files(string kind) => Directory.EnumerateFiles(Repo.Path("tests", "manifests", kind), "*.yaml").Order();

    private static CorpusCase Read(string file)
    {
        var header = System.IO.File.ReadLines(file).TakeWhile(l => l.StartsWith('#')).ToList();
        string? Value(string key) => header.Where(l => l.StartsWith($"# {key}:", StringComparison.Ordinal)).Select(l => l[(key.Length + 3)..].Trim()).FirstOrDefault();
        return new CorpusCase(System.IO.Path.GetRelativePath(Repo.Root, file), Value("expect"), Value("field"), Value("expect-schema"));
    }

    public override string ToString() => System.IO.Path.GetFileName(File);
}
