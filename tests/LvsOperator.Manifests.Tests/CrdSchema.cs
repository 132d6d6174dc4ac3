using YamlDotNet.RepresentationModel;

namespace LvsOperator.Manifests.Tests;

/// <summary>
/// A CRD file of config/crd, read with YamlDotNet's representation model so that scalars keep their text
/// ("300", "TCP") and the schema can be walked node by node.
/// </summary>
internal sealed class CrdSchema
{
    private CrdSchema(string file, YamlMappingNode crd)
    {
        File = file;
        Crd = crd;
        var version = (YamlMappingNode)crd.Map("spec")!.Seq("versions")!.Children.Single();
        Version = version;
        OpenApiV3Schema = version.Map("schema")!.Map("openAPIV3Schema")!;
    }

    public string File { get; }

    public YamlMappingNode Crd { get; }

    public YamlMappingNode Version { get; }

    public YamlMappingNode OpenApiV3Schema { get; }

    /// <summary>Loads config/crd/<paramref name="fileName"/>; each CRD file holds one CRD with one version.</summary>
    public static CrdSchema Load(string fileName)
    {
        var path = Repo.Path("config", "crd", fileName);
        var stream = new YamlStream();
        using (var reader = new StreamReader(path)) stream.Load(reader);
        return new CrdSchema(path, (YamlMappingNode)stream.Documents.Single().RootNode);
    }

}

/// <summary>Lookups on YAML mappings that return null for an absent key.</summary>
internal static class YamlNodes
{
    public static YamlNode? Get(this YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public static YamlMappingNode? Map(this YamlMappingNode node, string key) => node.Get(key) as YamlMappingNode;

    public static YamlSequenceNode? Seq(this YamlMappingNode node, string key) => node.Get(key) as YamlSequenceNode;

    public static string? Scalar(this YamlMappingNode node, string key) => (node.Get(key) as YamlScalarNode)?.Value;

    public static IReadOnlyList<string> Scalars(this YamlMappingNode node, string key) =>
        node.Seq(key)?.Children.Cast<YamlScalarNode>().Select(s => s.Value ?? "").ToList() ?? [];

    public static IEnumerable<(string Name, YamlMappingNode Schema)> Properties(this YamlMappingNode schema) =>
        schema.Map("properties")?.Children.Select(p => (((YamlScalarNode)p.Key).Value ?? "", (YamlMappingNode)p.Value)) ?? [];
}
