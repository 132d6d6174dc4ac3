using LvsOperator.Kubernetes.Client;

namespace LvsOperator.Kubernetes.Tests;

public sealed class LayeringTests
{
    [Fact]
    public void The_adapter_references_only_the_runtime_core_and_logging_abstractions()
    {
        string[] references = [.. typeof(KubeApiClient).Assembly.GetReferencedAssemblies().Select(a => a.Name!)];

        Assert.Contains("LvsOperator.Core", references);
        // Not KubernetesClient: its reflection-based JSON and watch helpers do not survive NativeAOT.
        Assert.All(references, name => Assert.True(
            name is "LvsOperator.Core" or "Microsoft.Extensions.Logging.Abstractions" or "netstandard"
            || name.StartsWith("System", StringComparison.Ordinal),
            $"LvsOperator.Kubernetes must not reference {name}"));
    }
}
