using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Resources;
using LvsOperator.Core.Validation;

namespace LvsOperator.Core.Compilation;

/// <summary>
/// Turns a snapshot of resources into the state each node's kernel must hold. Pure and deterministic:
/// the same snapshot always gives the same state, in the same order.
/// </summary>
public static class Compiler
{
    public static CompiledState Compile(ClusterSnapshot snapshot, CompilerOptions options)
    {
        var findings = new List<Finding>();
        var invalidVs = Invalid(snapshot.VirtualServices, ResourceRef.Of, ResourceValidator.Validate, findings);
        var invalidRs = Invalid(snapshot.RealServers, ResourceRef.Of, ResourceValidator.Validate, findings);
        var candidates = snapshot.VirtualServices.Where(vs => !invalidVs.Contains(ResourceRef.Of(vs)) && vs.Metadata.DeletionTimestamp is null).ToList();
        invalidVs.UnionWith(ActiveActiveIntent.HeldByVrrp(candidates, findings));
        var (winners, losers) = VipClaims.Resolve(candidates.Where(vs => !invalidVs.Contains(ResourceRef.Of(vs))), findings);
        var routers = FailoverRouters.Resolve(winners, findings);
        var sessions = ActiveActiveIntent.Sessions(winners, findings);

        var resolved = Resolve(snapshot, winners, invalidRs, findings);
        var fragments = new SortedDictionary<ResourceRef, ImmutableSortedDictionary<string, NodeDesiredState>>();

        var outcomes = new SortedDictionary<ResourceRef, VirtualServiceOutcome>();
        foreach (var vs in snapshot.VirtualServices.OrderBy(ResourceRef.Of))
        {
            var self = ResourceRef.Of(vs);
            if (!winners.Contains(vs))
            {
                var why = invalidVs.Contains(self) ? Rejection.Invalid : losers.Contains(self) ? Rejection.VipConflict : Rejection.Deleting;
                outcomes[self] = VirtualServiceCompiler.Rejected(why);
                continue;
            }

            var (servers, problems) = resolved[self];
            var (outcome, fragment) = VirtualServiceCompiler.Compile(
                vs, servers, problems, snapshot.Nodes, routers.GetValueOrDefault(self), sessions.GetValueOrDefault(self), options);
            outcomes[self] = outcome;
            fragments[self] = fragment;
        }

        return new CompiledState(
            outcomes.ToImmutableSortedDictionary(),
            fragments.ToImmutableSortedDictionary(),
            findings);
    }

    /// <summary>
    /// Each accepted VirtualService's real servers. A RealServer whose edit is refused (invalid, or unusable
    /// by a VirtualService that selects it) changes nothing on the nodes: its last accepted spec, which the
    /// controller keeps in <see cref="RealServerStatus.AcceptedSpec"/>, stands in for it, or it is left out
    /// if it was never accepted. Resolving twice costs only while some edit is refused.
    /// </summary>
    private static Dictionary<ResourceRef, (List<Candidate> Servers, List<Problem> Problems)> Resolve(
        ClusterSnapshot snapshot, IReadOnlyCollection<VirtualService> winners, HashSet<ResourceRef> invalidRs, List<Finding> findings)
    {
        var resolved = ResolveWith(snapshot, winners, invalidRs, findings);
        var refused = findings.Select(f => f.Resource).Where(r => r.Kind == ResourceKinds.RealServer).ToHashSet();
        if (refused.Count == 0) return resolved;

        var standIns = snapshot.RealServers.Select(rs => refused.Contains(ResourceRef.Of(rs)) ? LastAccepted(rs) : rs).OfType<RealServer>().ToList();
        // What the stand-ins would find was found when they were accepted; the findings are the edit's.
        return ResolveWith(snapshot with { RealServers = standIns }, winners, [], []);
    }

    private static Dictionary<ResourceRef, (List<Candidate>, List<Problem>)> ResolveWith(
        ClusterSnapshot snapshot, IEnumerable<VirtualService> winners, HashSet<ResourceRef> invalidRs, List<Finding> findings)
    {
        var resolver = CandidateResolver.For(snapshot, invalidRs);
        var resolved = new Dictionary<ResourceRef, (List<Candidate>, List<Problem>)>();
        foreach (var vs in winners.OrderBy(ResourceRef.Of))
        {
            var problems = new List<Problem>();
            resolved[ResourceRef.Of(vs)] = (resolver.Resolve(vs, findings, problems), problems);
        }

        return resolved;
    }

    /// <summary>The RealServer as it was last accepted, if it ever was and that spec still validates.</summary>
    internal static RealServer? LastAccepted(RealServer rs)
    {
        if (rs.Status?.AcceptedSpec is not { } accepted) return null;
        var standIn = rs with { Spec = accepted };
        return ResourceValidator.Validate(standIn).Count == 0 ? standIn : null;
    }

    private static HashSet<ResourceRef> Invalid<T>(
        IEnumerable<T> resources, Func<T, ResourceRef> refOf, Func<T, IReadOnlyList<FieldError>> validate, List<Finding> findings)
    {
        var invalid = new HashSet<ResourceRef>();
        foreach (var resource in resources)
        {
            var errors = validate(resource);
            if (errors.Count == 0) continue;
            invalid.Add(refOf(resource));
            findings.AddRange(errors.Select(e => new Finding(refOf(resource), e)));
        }

        return invalid;
    }
}
