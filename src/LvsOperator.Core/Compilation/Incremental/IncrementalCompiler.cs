using System.Collections.Immutable;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Resources;
using LvsOperator.Core.Validation;

namespace LvsOperator.Core.Compilation.Incremental;

/// <summary>
/// <see cref="Compiler"/>'s answer kept current by changes: each VirtualService's result is memoised on what it
/// read (its spec and generation, its Service's endpoints, the RealServers it selects, the nodes it matches, its
/// VIP claims, failover group and BGP sessions), and <see cref="Compile"/> recompiles only those a change touched. After any
/// sequence of changes <see cref="State"/> equals <see cref="Compiler.Compile"/> of the same resources.
/// Not thread-safe: one owner feeds it and reads it. No clock, logger or I/O.
/// </summary>
public sealed partial class IncrementalCompiler(CompilerOptions options)
{
    private readonly Dictionary<ResourceRef, VirtualService> _virtualServices = [];
    private readonly Dictionary<ResourceRef, IReadOnlyList<FieldError>> _invalidVs = [];
    private readonly Dictionary<string, Dictionary<ResourceRef, RealServer>> _realServers = new(StringComparer.Ordinal);
    private readonly Dictionary<ResourceRef, IReadOnlyList<FieldError>> _invalidRs = [];
    private readonly Dictionary<(string, string), ServiceBackends> _services = [];
    private readonly SortedDictionary<string, NodeInfo> _nodes = new(StringComparer.Ordinal);
    private readonly DependentIndex _dependents = new();
    private readonly VipClaimIndex _claims = new();
    private readonly FailoverIndex _failover = new();
    private readonly VrrpHoldIndex _holds = new();
    private readonly BgpSessionIndex _sessions = new();
    private readonly RefusalIndex _refusals = new();
    private readonly HashSet<ResourceRef> _refused = [];
    private readonly HashSet<ResourceRef> _dirty = [];
    private readonly HashSet<ResourceRef> _claimsChanged = [];
    private readonly HashSet<ResourceRef> _realServersChanged = [];
    // Builders: a from-scratch compile inserts 10,000s in place; State freezes them, and later edits copy only their path.
    private readonly ImmutableSortedDictionary<ResourceRef, VirtualServiceOutcome>.Builder _outcomes =
        ImmutableSortedDictionary.CreateBuilder<ResourceRef, VirtualServiceOutcome>();
    private readonly ImmutableSortedDictionary<ResourceRef, ImmutableSortedDictionary<string, NodeDesiredState>>.Builder _fragments =
        ImmutableSortedDictionary.CreateBuilder<ResourceRef, ImmutableSortedDictionary<string, NodeDesiredState>>();

    /// <summary>A compiler fed a whole snapshot and compiled once: what a from-scratch pass starts from.</summary>
    public static IncrementalCompiler From(ClusterSnapshot snapshot, CompilerOptions options)
    {
        var compiler = new IncrementalCompiler(options);
        foreach (var vs in snapshot.VirtualServices) compiler.SetVirtualService(vs);
        foreach (var rs in snapshot.RealServers) compiler.SetRealServer(rs);
        foreach (var service in snapshot.Services) compiler.SetService(service);
        foreach (var node in snapshot.Nodes) compiler.SetNode(node);
        compiler.Compile();
        return compiler;
    }

    /// <summary>The whole answer, as <see cref="Compiler.Compile"/> gives it; outcomes and fragments are shared, not copied.</summary>
    public CompiledState State => new(_outcomes.ToImmutable(), _fragments.ToImmutable(), AllFindings().ToList());

    public VirtualServiceOutcome? Outcome(ResourceRef vs) => _outcomes.GetValueOrDefault(vs);

    public ImmutableSortedDictionary<string, NodeDesiredState>? Fragment(ResourceRef vs) => _fragments.GetValueOrDefault(vs);

    /// <summary>How many VirtualServices use this RealServer.</summary>
    public int UsersOf(ResourceRef rs) => _refusals.Usage(rs);

    /// <summary>Every finding on one resource, in the order a whole compile gives them.</summary>
    public IReadOnlyList<Finding> FindingsOf(ResourceRef resource)
    {
        if (resource.Kind == ResourceKinds.RealServer)
            return Errors(resource, _invalidRs).Concat(_refusals.FindingsOn(resource)).ToList();
        return Errors(resource, _invalidVs).Concat(_holds.FindingsOf(resource)).Concat(_claims.ConflictsOf(resource))
            .Concat(_failover.FindingsOf(resource)).Concat(_sessions.FindingsOf(resource))
            .Concat(_refusals.FindingsBy(resource).Where(f => f.Resource == resource)).ToList();
    }

    public void SetVirtualService(VirtualService vs)
    {
        var self = ResourceRef.Of(vs);
        var old = _virtualServices.GetValueOrDefault(self);
        _virtualServices[self] = vs;
        // A status write's echo reads the same: the compile reads no status of a VirtualService.
        if (old is not null && SameReads(old, vs)) return;
        if (old is not null) _dependents.Remove(old);
        _dependents.Add(vs);
        var errors = ResourceValidator.Validate(vs);
        if (errors.Count > 0) _invalidVs[self] = errors;
        else _invalidVs.Remove(self);
        _claimsChanged.Add(self);
        _dirty.Add(self);
    }

    public void RemoveVirtualService(ResourceRef self)
    {
        if (!_virtualServices.Remove(self, out var old)) return;
        _dependents.Remove(old);
        _invalidVs.Remove(self);
        _claimsChanged.Add(self);
        _dirty.Add(self);
    }

    public void SetRealServer(RealServer rs)
    {
        var self = ResourceRef.Of(rs);
        var inNamespace = _realServers.TryGetValue(self.Namespace, out var found) ? found : _realServers[self.Namespace] = [];
        var old = inNamespace.GetValueOrDefault(self);
        inNamespace[self] = rs;
        var errors = ResourceValidator.Validate(rs);
        if (errors.Count > 0) _invalidRs[self] = errors;
        else _invalidRs.Remove(self);
        _realServersChanged.Add(self);
        _dirty.UnionWith(_dependents.Selecting(self.Namespace, Lookup, old?.Metadata.Labels, rs.Metadata.Labels));
    }

    public void RemoveRealServer(ResourceRef self)
    {
        if (!_realServers.TryGetValue(self.Namespace, out var inNamespace) || !inNamespace.Remove(self, out var old)) return;
        _invalidRs.Remove(self);
        _realServersChanged.Add(self);
        _dirty.UnionWith(_dependents.Selecting(self.Namespace, Lookup, old.Metadata.Labels));
    }

    public void SetService(ServiceBackends service)
    {
        _services[(service.Namespace, service.Name)] = service;
        _dirty.UnionWith(_dependents.UsersOf(service.Namespace, service.Name));
    }

    public void RemoveService(string @namespace, string name)
    {
        if (_services.Remove((@namespace, name))) _dirty.UnionWith(_dependents.UsersOf(@namespace, name));
    }

    public void SetNode(NodeInfo node)
    {
        var old = _nodes.GetValueOrDefault(node.Name);
        _nodes[node.Name] = node;
        // A node's status heartbeat changes neither: nothing to compile.
        if (old is not null && SameLabels(old.Labels, node.Labels) && old.Addresses.SequenceEqual(node.Addresses)
            && old.Unschedulable == node.Unschedulable) return;
        _dirty.UnionWith(_dependents.DirectedBy(old?.Labels, node.Labels));
    }

    public void RemoveNode(string name)
    {
        if (_nodes.Remove(name, out var old)) _dirty.UnionWith(_dependents.DirectedBy(old.Labels));
    }

    /// <summary>
    /// Recompiles what the changes since the last call touched; returns the VirtualServices recompiled and the
    /// RealServers whose findings or use may have changed: the keys whose decisions may differ.
    /// </summary>
    public IReadOnlySet<ResourceRef> Compile()
    {
        // An active/active VirtualService that VRRP holds a VIP of claims nothing: settled before the claims.
        _claimsChanged.UnionWith(_holds.Update(_claimsChanged.Select(self => (self, Candidate(self))).ToList()));
        var claims = _claims.Update(_claimsChanged.Select(self => (self, Claimant(self))), Lookup);
        _dirty.UnionWith(claims);
        var accepted = claims.Select(self => (self, _claims.Wins(self) ? Lookup(self) : null)).ToList();
        _dirty.UnionWith(_failover.Update(accepted, Lookup));
        _dirty.UnionWith(_sessions.Update(accepted));

        var maybeFlipped = new HashSet<ResourceRef>(_realServersChanged);
        var first = new Dictionary<ResourceRef, Resolution>();
        foreach (var self in _dirty)
        {
            var resolution = _claims.Wins(self) ? FirstPass(Lookup(self)) : null;
            if (resolution is not null) first[self] = resolution;
            maybeFlipped.UnionWith(_refusals.SetFindings(self, resolution?.Findings ?? []));
        }

        // A RealServer refused (or accepted again) somewhere stands in by its last accepted spec everywhere it is selected.
        foreach (var rs in maybeFlipped.Where(rs => _refused.Contains(rs) != Refused(rs)).ToList())
        {
            if (Refused(rs)) _refused.Add(rs);
            else _refused.Remove(rs);
            if (RealServer(rs) is { } current) _dirty.UnionWith(_dependents.Selecting(rs.Namespace, Lookup, current.Metadata.Labels));
        }

        var changed = new HashSet<ResourceRef>(_dirty);
        changed.UnionWith(maybeFlipped);
        foreach (var self in _dirty) changed.UnionWith(Recompile(self, first.GetValueOrDefault(self)));
        _dirty.Clear();
        _claimsChanged.Clear();
        _realServersChanged.Clear();
        return changed;
    }

    /// <summary>Compiles one VirtualService again; returns the RealServers whose use changed.</summary>
    private IEnumerable<ResourceRef> Recompile(ResourceRef self, Resolution? first)
    {
        var before = _outcomes.GetValueOrDefault(self)?.RealServers ?? [];
        if (!_virtualServices.TryGetValue(self, out var vs))
        {
            _outcomes.Remove(self);
            _fragments.Remove(self);
            return _refusals.SetUsage(self, before, []);
        }

        if (!_claims.Wins(self))
        {
            var why = _invalidVs.ContainsKey(self) || _holds.Holds(self) ? Rejection.Invalid : _claims.Loses(self) ? Rejection.VipConflict : Rejection.Deleting;
            _outcomes[self] = VirtualServiceCompiler.Rejected(why);
            _fragments.Remove(self);
            return _refusals.SetUsage(self, before, []);
        }

        var (servers, problems) = first is not null && !SelectsRefused(vs) ? (first.Servers, first.Problems) : Resolve(vs);
        var (outcome, fragment) = VirtualServiceCompiler.Compile(vs, servers, problems, _nodes.Values, _failover.SettingsOf(self), _sessions.PeersOf(self), options);
        _outcomes[self] = outcome;
        _fragments[self] = fragment;
        return _refusals.SetUsage(self, before, outcome.RealServers);
    }
}
