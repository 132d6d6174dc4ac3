using System.CommandLine;
using LvsOperator.Manifests;

namespace LvsOperator.Cli;

/// <summary>The options every manifest-reading command takes.</summary>
internal static class ManifestOptions
{
    public static Option<string[]> Files() => new("--file", "-f")
    {
        Description = "Manifest file or folder (YAML or JSON, multi-document); repeat for more.",
        Required = true,
        AllowMultipleArgumentsPerToken = true,
    };

    public static Option<string> Namespace() => new("--namespace", "-n")
    {
        Description = "Namespace for resources that name none.",
        DefaultValueFactory = _ => ManifestLoader.DefaultNamespace,
    };
}
