namespace LvsOperator.FakeApiServer;

/// <summary>
/// A request URL resolved against the registry: <c>/api/v1/[namespaces/{ns}/]{plural}[/{name}[/status]]</c> and
/// <c>/apis/{group}/{version}/...</c> likewise. Namespace is null for cluster-wide (all namespaces) collections.
/// </summary>
internal sealed record ResourcePath(ResourceType Type, string? Namespace, string? Name, bool Status)
{
    public bool IsCollection => Name is null;

    public static ResourcePath Resolve(ResourceRegistry registry, string path)
    {
        var segments = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var (group, version, rest) = segments switch
        {
            ["api", var v, .. var r] => ("", v, r),
            ["apis", var g, var v, .. var r] => (g, v, r),
            _ => throw ApiErrors.UnknownResource(),
        };

        string? ns = null;
        if (rest is ["namespaces", var namespaceName, var plural, ..] && registry.ByPlural(group, version, plural) is { Namespaced: true })
        {
            ns = namespaceName;
            rest = rest[2..];
        }

        if (rest.Length == 0 || registry.ByPlural(group, version, rest[0]) is not { } type)
        {
            throw ApiErrors.UnknownResource();
        }

        var resolved = rest switch
        {
            [_] => new ResourcePath(type, ns, null, false),
            [_, var name] => new ResourcePath(type, ns, name, false),
            [_, var name, "status"] when type.HasStatusSubresource => new ResourcePath(type, ns, name, true),
            _ => throw ApiErrors.UnknownResource(),
        };

        // A namespaced object is only addressable inside its namespace; a cluster-scoped one never is.
        var misplaced = type.Namespaced ? ns is null && resolved.Name is not null : ns is not null;
        return misplaced ? throw ApiErrors.UnknownResource() : resolved;
    }
}
