namespace LvsOperator.Testing;

/// <summary>Small manifests that tests mutate (compiled into every test project).</summary>
internal static class SampleManifests
{
    /// <summary>A valid VirtualService whose real servers come from a selector: nothing else is needed to load it.</summary>
    public const string SelectorVirtualService = """
        apiVersion: lvsoperator.io/v1alpha1
        kind: VirtualService
        metadata: {name: web}
        spec:
          addresses: [192.0.2.10]
          port: 80
          realServers: {selector: {}}
        """;
}
