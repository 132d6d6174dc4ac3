using LvsOperator.Core.Compilation;
using LvsOperator.Core.Compilation.Incremental;
using LvsOperator.Core.Resources;
using LvsOperator.Manifests;

namespace LvsOperator.Agent;

/// <summary>
/// The manifest folder read and compiled by changes (issue 14): <see cref="ManifestFolder"/> parses only the files
/// whose content changed, and the <see cref="IncrementalCompiler"/> recompiles only the resources those files define
/// (and what depends on them), so an edit of one service among a thousand costs that service. Its answer equals
/// <see cref="Compiler.Compile"/> of the folder as it now reads. Not thread-safe: one reader at a time (the reconcile loop).
/// </summary>
internal sealed class ManifestCompilation
{
    private readonly ManifestFolder _folder;
    private readonly IncrementalCompiler _compiler;
    private Dictionary<ResourceRef, VirtualService> _virtualServices = [];
    private Dictionary<ResourceRef, RealServer> _realServers = [];

    public ManifestCompilation(string path, NodeInfo node, CompilerOptions options)
    {
        _folder = new ManifestFolder(path);
        _compiler = new IncrementalCompiler(options);
        _compiler.SetNode(node);
    }

    /// <summary>The folder as it reads now, and every error in it (the loader's, duplicates, then the compiler's findings).</summary>
    /// <exception cref="IOException">The folder or one of its files cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">A file may not be read.</exception>
    public (ManifestSet Set, CompiledState Compiled, IReadOnlyList<string> Errors) Read()
    {
        var set = _folder.Read();
        var errors = set.Errors.Select(e => e.ToString()).ToList();
        var virtualServices = Unique(set.VirtualServices, ResourceRef.Of, errors);
        var realServers = Unique(set.RealServers, ResourceRef.Of, errors);
        Update(_virtualServices, virtualServices, _compiler.SetVirtualService, _compiler.RemoveVirtualService);
        Update(_realServers, realServers, _compiler.SetRealServer, _compiler.RemoveRealServer);
        (_virtualServices, _realServers) = (virtualServices, realServers);
        _compiler.Compile();
        var compiled = _compiler.State;
        errors.AddRange(compiled.Findings.Select(f => f.ToString()));
        return (set, compiled, errors);
    }

    /// <summary>A name defined twice is an error (as lvsctl validate says): the compiler holds one resource per name.</summary>
    private static Dictionary<ResourceRef, T> Unique<T>(IEnumerable<Loaded<T>> loaded, Func<T, ResourceRef> key, List<string> errors)
    {
        var unique = new Dictionary<ResourceRef, T>();
        var sources = new Dictionary<ResourceRef, ManifestSource>();
        foreach (var (resource, source) in loaded)
        {
            var self = key(resource);
            if (sources.TryAdd(self, source)) unique[self] = resource;
            else errors.Add($"{source}: {self}: defined twice (first at {sources[self]})");
        }

        return unique;
    }

    /// <summary>Feeds the compiler what changed: a resource read from an unchanged file is the same object as before.</summary>
    private static void Update<T>(Dictionary<ResourceRef, T> before, Dictionary<ResourceRef, T> now, Action<T> set, Action<ResourceRef> remove)
        where T : class
    {
        foreach (var self in before.Keys.Where(self => !now.ContainsKey(self))) remove(self);
        foreach (var (self, resource) in now)
            if (!before.TryGetValue(self, out var old) || !ReferenceEquals(old, resource)) set(resource);
    }
}
