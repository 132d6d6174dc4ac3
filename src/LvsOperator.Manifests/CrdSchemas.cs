using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace LvsOperator.Manifests;

/// <summary>The structural schemas of the CRDs in config/crd, embedded, by kind and API version.</summary>
internal static class CrdSchemas
{
    private static readonly Lazy<IReadOnlyDictionary<(string Kind, string ApiVersion), StructuralSchema>> All = new(Load);

    public static StructuralSchema? For(string kind, string apiVersion) => All.Value.GetValueOrDefault((kind, apiVersion));

    private static Dictionary<(string, string), StructuralSchema> Load()
    {
        var assembly = typeof(CrdSchemas).Assembly;
        var schemas = new Dictionary<(string, string), StructuralSchema>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("crd/", StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            var stream = new YamlStream();
            stream.Load(reader);
            var crd = YamlToJson.Convert(stream.Documents[0].RootNode)!;
            var group = (string)crd["spec"]!["group"]!;
            var kind = (string)crd["spec"]!["names"]!["kind"]!;
            foreach (var version in crd["spec"]!["versions"]!.AsArray())
                schemas[(kind, $"{group}/{(string)version!["name"]!}")] = new StructuralSchema((JsonObject)version["schema"]!["openAPIV3Schema"]!);
        }

        return schemas;
    }
}
