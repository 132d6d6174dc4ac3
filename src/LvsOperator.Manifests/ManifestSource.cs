namespace LvsOperator.Manifests;

/// <summary>Where a document came from: file, 1-based document index, and the line it starts on.</summary>
public sealed record ManifestSource(string File, int Document, long Line)
{
    public override string ToString() => $"{File}:{Line} (document {Document})";
}
