namespace LvsOperator.FakeApiServer;

/// <summary>One resource type the fake serves, with the registry traits the real API server attaches to it.</summary>
/// <param name="Group">API group; empty for the core group (<c>/api/v1</c>).</param>
/// <param name="Version">API version, e.g. <c>v1</c>.</param>
/// <param name="Plural">The URL resource name, e.g. <c>virtualservices</c>.</param>
/// <param name="Kind">The object kind, e.g. <c>VirtualService</c>.</param>
/// <param name="Namespaced">Whether objects live in a namespace.</param>
public sealed record ResourceType(string Group, string Version, string Plural, string Kind, bool Namespaced)
{
    /// <summary>A <c>/status</c> subresource: the main resource ignores status, <c>/status</c> ignores all else.</summary>
    public bool HasStatusSubresource { get; init; }

    /// <summary>
    /// Served like a CustomResourceDefinition: updates must carry metadata.resourceVersion, bodies must carry
    /// apiVersion and kind, list items keep apiVersion and kind, no strategic merge patch.
    /// </summary>
    public bool IsCustomResource { get; init; }

    /// <summary>Field selector paths beyond metadata.name and metadata.namespace (CRD <c>selectableFields</c>).</summary>
    public IReadOnlyList<string> SelectableFields { get; init; } = [];

    /// <summary>Status sent on create is kept (core Nodes); otherwise a status-subresource type drops it.</summary>
    public bool KeepsStatusOnCreate { get; init; }

    /// <summary>PUT of a missing object creates it (core Endpoints and Events allow this).</summary>
    public bool AllowCreateOnUpdate { get; init; }

    /// <summary><c>v1</c> or <c>group/version</c>.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The group-qualified resource the real server names in error messages: <c>virtualservices.lvsoperator.io</c>.</summary>
    public string QualifiedResource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    /// <summary>The group-qualified kind used in validation errors: <c>VirtualService.lvsoperator.io</c>.</summary>
    public string QualifiedKind => Group.Length == 0 ? Kind : $"{Kind}.{Group}";

    /// <summary>Whether updates may omit metadata.resourceVersion; CRDs refuse (AllowUnconditionalUpdate is false).</summary>
    internal bool AllowUnconditionalUpdate => !IsCustomResource;

    /// <summary>Every field a field selector may name for this type.</summary>
    internal IEnumerable<string> FieldSelectorPaths => ["metadata.name", "metadata.namespace", .. SelectableFields];
}
