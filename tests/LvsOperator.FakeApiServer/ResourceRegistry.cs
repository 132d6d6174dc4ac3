namespace LvsOperator.FakeApiServer;

/// <summary>Looks up served types by URL (group, version, plural) or by an object's apiVersion and kind.</summary>
internal sealed class ResourceRegistry(IReadOnlyList<ResourceType> types)
{
    public IReadOnlyList<ResourceType> Types { get; } = types;

    public ResourceType? ByPlural(string group, string version, string plural) =>
        Types.FirstOrDefault(t => t.Group == group && t.Version == version && t.Plural == plural);

    public ResourceType? ByKind(string apiVersion, string kind) =>
        Types.FirstOrDefault(t => t.ApiVersion == apiVersion && t.Kind == kind);

    public ResourceType Require(string group, string plural) =>
        Types.FirstOrDefault(t => t.Group == group && t.Plural == plural)
        ?? throw new ArgumentException($"the fake does not serve {plural} in group '{group}'");
}
