namespace LvsOperator.Manifests;

/// <summary>A document that could not be read as a resource; <see cref="Field"/> is empty when the whole document is wrong.</summary>
public sealed record ManifestError(ManifestSource Source, string Field, string Message)
{
    public override string ToString() => Field.Length == 0 ? $"{Source}: {Message}" : $"{Source}: {Field}: {Message}";
}
