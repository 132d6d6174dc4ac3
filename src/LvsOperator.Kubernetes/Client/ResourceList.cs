namespace LvsOperator.Kubernetes.Client;

/// <summary>Every item of a (possibly paged) list, and the resourceVersion a watch continues from.</summary>
public sealed record ResourceList<T>(IReadOnlyList<T> Items, string ResourceVersion);
