using LvsOperator.Core.Resources;

namespace LvsOperator.Manifests;

/// <summary>Everything read from a set of manifest files: the resources, and the documents that failed.</summary>
public sealed record ManifestSet(
    IReadOnlyList<Loaded<VirtualService>> VirtualServices,
    IReadOnlyList<Loaded<RealServer>> RealServers,
    IReadOnlyList<ManifestError> Errors,
    int IgnoredDocuments)
{
    /// <summary>Cluster-scoped, so never given the default namespace.</summary>
    public IReadOnlyList<Loaded<AddressPool>> AddressPools { get; init; } = [];
}
