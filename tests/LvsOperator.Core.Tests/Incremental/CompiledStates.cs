using System.Collections.Immutable;
using System.Text.Json;
using LvsOperator.Core.Compilation;
using LvsOperator.Core.Compilation.Incremental;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Publishing;
using LvsOperator.Core.Resources;

namespace LvsOperator.Core.Tests.Incremental;

/// <summary>Compares compiler answers by value, one resource at a time: the first difference, or null.</summary>
internal static class CompiledStates
{
    /// <summary>Each VirtualService's and RealServer's result as text: outcome, slices as published, findings, use.</summary>
    public static Dictionary<ResourceRef, string> Describe(CompiledState state, IEnumerable<ResourceRef> realServers)
    {
        var findings = state.Findings.ToLookup(f => f.Resource);
        var described = state.VirtualServices.ToDictionary(p => p.Key, p =>
            $"{Outcome(p.Value)}\nfragment: {Fragment(p.Key, state.Fragments.GetValueOrDefault(p.Key))}\nfindings: {string.Join("; ", findings[p.Key].Select(f => f.Error))}");
        foreach (var rs in realServers)
        {
            var users = state.VirtualServices.Values.Count(o => o.RealServers.Contains(rs));
            described[rs] = $"used by {users}; findings: {string.Join("; ", findings[rs].Select(f => f.Error))}";
        }

        return described;
    }

    /// <summary>The same, read through the per-resource accessors the controller uses.</summary>
    public static Dictionary<ResourceRef, string> Describe(IncrementalCompiler compiler, IEnumerable<ResourceRef> virtualServices, IEnumerable<ResourceRef> realServers)
    {
        var described = new Dictionary<ResourceRef, string>();
        foreach (var vs in virtualServices)
        {
            if (compiler.Outcome(vs) is not { } outcome) continue;
            described[vs] = $"{Outcome(outcome)}\nfragment: {Fragment(vs, compiler.Fragment(vs))}\nfindings: {string.Join("; ", compiler.FindingsOf(vs).Select(f => f.Error))}";
        }

        foreach (var rs in realServers)
            described[rs] = $"used by {compiler.UsersOf(rs)}; findings: {string.Join("; ", compiler.FindingsOf(rs).Select(f => f.Error))}";
        return described;
    }

    public static string? FirstDifference(Dictionary<ResourceRef, string> expected, Dictionary<ResourceRef, string> actual)
    {
        foreach (var key in expected.Keys.Union(actual.Keys).Order())
        {
            var e = expected.GetValueOrDefault(key);
            var a = actual.GetValueOrDefault(key);
            if (e != a) return $"{key}:\n  from scratch: {e ?? "(absent)"}\n  incremental:  {a ?? "(absent)"}";
        }

        return null;
    }

    private static string Outcome(VirtualServiceOutcome o) =>
        $"accepted {o.Accepted} {o.Rejected}; services [{string.Join(", ", o.Services)}]; directors [{string.Join(", ", o.Directors)}]; " +
        $"real servers [{string.Join(", ", o.RealServers)}] {o.ReadyRealServers}/{o.TotalRealServers}; problems [{string.Join("; ", o.Problems)}]";

    private static string Fragment(ResourceRef vs, ImmutableSortedDictionary<string, NodeDesiredState>? fragment) =>
        fragment is null ? "(none)" : string.Join("\n  ", fragment.SelectMany(share => NodeSliceCodec.Encode(vs.Name, share.Key, share.Value))
            .Select(draft => JsonSerializer.Serialize(draft.Spec, ResourceJsonContext.Default.NodeSliceSpec)));
}
