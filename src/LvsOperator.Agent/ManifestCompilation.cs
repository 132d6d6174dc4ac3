using LvsOperator.Core.Compilation;
using LvsOperator.Core.Compilation.Incremental;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Resources;
using LvsOperator.Core.Validation;
using LvsOperator.Manifests;

namespace LvsOperator.Agent;

/// <summary>
/// The manifest folder read and compiled by changes (issue 14): <see cref="ManifestFolder"/> parses only the files
/// whose content changed, and the <see cref="IncrementalCompiler"/> recompiles only the resources those files define
/// (and what depends on them), so an edit of one service among a thousand costs that service. Its answer equals
/// <see cref="Compiler.Compile"/> of the folder as it now reads (its findings among the errors); <see cref="NodeState"/>,
/// merged again only where those resources' shares changed (<see cref="NodeShares"/>), equals its
/// <see cref="CompiledState.ForNode"/>. Not thread-safe: one reader at a time (the reconcile loop).
/// </summary>
internal sealed class ManifestCompilation
{
    private readonly ManifestFolder _folder;
    private readonly IncrementalCompiler _compiler;
    private readonly NodeShares _shares;
    private readonly SortedDictionary<ResourceRef, IReadOnlyList<Finding>> _findings = [];
    private Dictionary<ResourceRef, VirtualService> _virtualServices = [];
    private Dictionary<ResourceRef, RealServer> _realServers = [];

    public ManifestCompilation(string path, NodeInfo node, CompilerOptions options)
    {
        _folder = new ManifestFolder(path);
        _compiler = new IncrementalCompiler(options);
        _compiler.SetNode(node);
        _shares = new NodeShares(node.Name);
    }

    /// <summary>This node's desired state as of the last <see cref="Read"/>, whether or not the folder held errors.</summary>
    public NodeDesiredState NodeState => _shares.State;

    /// <summary>The folder as it reads now, and every error in it (the loader's, duplicates, then the compiler's findings).</summary>
    /// <exception cref="IOException">The folder or one of its files cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">A file may not be read.</exception>
    public (ManifestSet Set, IReadOnlyList<string> Errors) Read()
    {
        var set = _folder.Read();
        var errors = set.Errors.Select(e => e.ToString()).ToList();
        var virtualServices = Unique(set.VirtualServices, ResourceRef.Of, errors);
        var realServers = Unique(set.RealServers, ResourceRef.Of, errors);
        Update(_virtualServices, virtualServices, _compiler.SetVirtualService, _compiler.RemoveVirtualService);
        Update(_realServers, realServers, _compiler.SetRealServer, _compiler.RemoveRealServer);
        (_virtualServices, _realServers) = (virtualServices, realServers);
        var changed = _compiler.Compile();
        _shares.Update(_compiler, changed);
        // Kept per resource for the keys the compile returned (every resource whose findings may have moved), so an
        // edit costs its own findings, not a listing of everyone's; in resource order, as a whole compile lists them.
        foreach (var self in changed)
        {
            if (_compiler.FindingsOf(self) is { Count: > 0 } findings) _findings[self] = findings;
            else _findings.Remove(self);
        }

        errors.AddRange(_findings.SelectMany(f => f.Value).Select(f => f.ToString()));
        return (set, errors);
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
