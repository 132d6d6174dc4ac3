namespace LvsOperator.Manifests;

/// <summary>A resource read from a manifest, with where it came from.</summary>
public sealed record Loaded<T>(T Resource, ManifestSource Source);
