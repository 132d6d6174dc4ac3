using LvsOperator.Core.Resources;
using LvsOperator.Core.Validation;

namespace LvsOperator.Core.Compilation.Incremental;

/// <summary>What one VirtualService reads, and how its real servers are resolved from it.</summary>
public sealed partial class IncrementalCompiler
{
    private static readonly HashSet<ResourceRef> NoneInvalid = [];
    private static readonly Dictionary<ResourceRef, RealServer> NoRealServers = [];

    /// <summary>
    /// Resolved against the RealServers as they are, the invalid ones left out: the findings are this pass's,
    /// and the servers stand when none of the RealServers it selects is refused (as <see cref="Compiler"/> resolves).
    /// </summary>
    private Resolution FirstPass(VirtualService vs)
    {
        var findings = new List<Finding>();
        var problems = new List<Problem>();
        var invalid = new HashSet<ResourceRef>(_invalidRs.Keys.Where(rs => rs.Namespace == (vs.Metadata.Namespace ?? "")));
        var resolver = new CandidateResolver(RealServersIn, ServiceOf, invalid.Count == 0 ? NoneInvalid : invalid);
        return new Resolution(resolver.Resolve(vs, findings, problems), problems, findings);
    }

    /// <summary>Against the RealServers each refused one replaced by its last accepted spec (or left out); findings are the first pass's.</summary>
    private (List<Candidate>, List<Problem>) Resolve(VirtualService vs)
    {
        var problems = new List<Problem>();
        var resolver = new CandidateResolver(StandInsIn, ServiceOf, NoneInvalid);
        return (resolver.Resolve(vs, [], problems), problems);
    }

    private Dictionary<ResourceRef, RealServer>.ValueCollection RealServersIn(string @namespace) =>
        (_realServers.TryGetValue(@namespace, out var found) ? found : NoRealServers).Values;

    private IEnumerable<RealServer> StandInsIn(string @namespace) =>
        RealServersIn(@namespace).Select(rs => Refused(ResourceRef.Of(rs)) ? Compiler.LastAccepted(rs) : rs).OfType<RealServer>();

    private ServiceBackends? ServiceOf(string @namespace, string name) => _services.GetValueOrDefault((@namespace, name));

    private bool SelectsRefused(VirtualService vs) =>
        vs.Spec.RealServers?.Selector is { } selector
        && RealServersIn(vs.Metadata.Namespace ?? "").Any(rs => selector.Matches(rs.Metadata.Labels) && Refused(ResourceRef.Of(rs)));

    /// <summary>Invalid, or unusable by some VirtualService that selects it.</summary>
    private bool Refused(ResourceRef rs) => _invalidRs.ContainsKey(rs) || _refusals.Refuses(rs);

    private RealServer? RealServer(ResourceRef rs) =>
        _realServers.TryGetValue(rs.Namespace, out var found) ? found.GetValueOrDefault(rs) : null;

    private VirtualService Lookup(ResourceRef vs) => _virtualServices[vs];

    /// <summary>It claims its VIPs while valid and not being deleted.</summary>
    private VirtualService? Claimant(ResourceRef self) =>
        _virtualServices.TryGetValue(self, out var vs) && !_invalidVs.ContainsKey(self) && vs.Metadata.DeletionTimestamp is null ? vs : null;

    /// <summary>The compile reads a VirtualService's spec (its generation moves with it), uid, creation and deletion times.</summary>
    private static bool SameReads(VirtualService a, VirtualService b) =>
        (ReferenceEquals(a.Spec, b.Spec) || (a.Metadata.Generation is { } generation && generation == b.Metadata.Generation))
        && a.Metadata.Uid == b.Metadata.Uid
        && a.Metadata.CreationTimestamp == b.Metadata.CreationTimestamp
        && a.Metadata.DeletionTimestamp == b.Metadata.DeletionTimestamp;

    private static bool SameLabels(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var v) && v == p.Value);

    private static IEnumerable<Finding> Errors(ResourceRef resource, Dictionary<ResourceRef, IReadOnlyList<FieldError>> invalid) =>
        invalid.TryGetValue(resource, out var errors) ? errors.Select(e => new Finding(resource, e)) : [];

    private IEnumerable<Finding> AllFindings() =>
        _virtualServices.Keys.Concat(_realServers.Values.SelectMany(ns => ns.Keys)).Order().SelectMany(FindingsOf);

    private sealed record Resolution(List<Candidate> Servers, List<Problem> Problems, List<Finding> Findings);
}
