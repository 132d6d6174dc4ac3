using LvsOperator.Core.Compilation;
using LvsOperator.Core.Resources;
using LvsOperator.Core.Validation;
using LvsOperator.Manifests;

namespace LvsOperator.Cli;

/// <summary>
/// Manifests read and checked the way the cluster would check them: schema-level problems from reading,
/// the CRD's rules and the cross-resource checks from compiling, each tied back to its file and document.
/// </summary>
internal sealed record CheckedManifests(ManifestSet Manifests, ClusterSnapshot Snapshot, IReadOnlyList<string> Errors)
{
    /// <summary>Loads and checks, or says on <paramref name="stderr"/> why the files could not be read and returns null.</summary>
    public static CheckedManifests? TryLoad(IEnumerable<string> paths, string defaultNamespace, TextWriter stderr)
    {
        try
        {
            return Load(paths, defaultNamespace);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"lvsctl: {e.Message}");
            return null;
        }
    }

    /// <exception cref="FileNotFoundException">A path names no file or folder.</exception>
    /// <exception cref="IOException">A file could not be read.</exception>
    private static CheckedManifests Load(IEnumerable<string> paths, string defaultNamespace)
    {
        var set = ManifestLoader.Load(paths, defaultNamespace);
        var errors = set.Errors.Select(e => e.ToString()).ToList();

        var sources = new Dictionary<ResourceRef, ManifestSource>();
        void Index(ResourceRef resource, ManifestSource source)
        {
            if (!sources.TryAdd(resource, source)) errors.Add($"{source}: {resource}: defined twice (first at {sources[resource]})");
        }

        foreach (var vs in set.VirtualServices) Index(ResourceRef.Of(vs.Resource), vs.Source);
        foreach (var rs in set.RealServers) Index(ResourceRef.Of(rs.Resource), rs.Source);
        foreach (var pool in set.AddressPools) Index(new ResourceRef(ResourceKinds.AddressPool, "", pool.Resource.Metadata.Name), pool.Source);

        var snapshot = new ClusterSnapshot(
            set.VirtualServices.Select(v => v.Resource).ToList(),
            set.RealServers.Select(r => r.Resource).ToList(),
            [], []);
        var compiled = Compiler.Compile(snapshot, new CompilerOptions());
        errors.AddRange(compiled.Findings.Select(f => $"{sources[f.Resource]}: {f.Resource}: {f.Error}"));
        var pools = AddressPoolValidator.Validate(set.AddressPools.Select(p => p.Resource).ToList());
        errors.AddRange(pools.Select(f => $"{sources[f.Resource]}: {f.Resource}: {f.Error}"));
        return new CheckedManifests(set, snapshot, errors);
    }
}
