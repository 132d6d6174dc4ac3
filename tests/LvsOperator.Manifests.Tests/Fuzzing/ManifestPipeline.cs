using System.Collections.Immutable;
using LvsOperator.Core.Compilation;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Planning;
using LvsOperator.Core.Publishing;
using LvsOperator.Core.Resources;
using LvsOperator.Core.Validation;

namespace LvsOperator.Manifests.Tests.Fuzzing;

/// <summary>
/// One input through what lvsctl validate and the agent's standalone loader do (YAML, JSON, schema, model,
/// validation, compile, plan), and the invariants of issue 13. Returns what broke, or null.
/// </summary>
internal static class ManifestPipeline
{
    public const string File = "fuzz.yaml";

    /// <summary>Errors about a whole document or file have no field; they begin with one of these.</summary>
    private static readonly string[] DocumentLevel = ["invalid YAML: ", "a manifest document must be a mapping", "a manifest file may hold"];

    private static readonly NodeInfo Node = new("edge-1", ImmutableDictionary<string, string>.Empty);
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static string? Check(string text)
    {
        try
        {
            return CheckUnguarded(text);
        }
        catch (Exception e)
        {
            return $"unhandled {e.GetType().Name}: {e.Message} at {e.StackTrace?.Split('\n').FirstOrDefault(l => l.Contains("LvsOperator", StringComparison.Ordinal))?.Trim()}";
        }
    }

    private static string? CheckUnguarded(string text)
    {
        var set = ManifestLoader.LoadText(File, text);
        foreach (var error in set.Errors)
        {
            if (error.Source.File != File || error.Source.Line < 1 || error.Source.Document < 1) return $"error without file or line: {error}";
            if (error.Field.Length == 0 && !DocumentLevel.Any(p => error.Message.Contains(p, StringComparison.Ordinal)))
                return $"error without a field: {error}";
        }

        var snapshot = new ClusterSnapshot(
            set.VirtualServices.Select(v => v.Resource).ToList(), set.RealServers.Select(r => r.Resource).ToList(), [], [Node]);
        var compiled = Compiler.Compile(snapshot, new CompilerOptions());
        if (compiled.Findings.FirstOrDefault(f => f.Error.Field.Length == 0) is { } unnamed) return $"finding without a field: {unnamed}";
        if (set.Errors.Count > 0 || compiled.Findings.Count > 0) return null;

        // Accepted: the agent's guard takes every slice the controller would publish for it...
        foreach (var (vs, shares) in compiled.Fragments)
            foreach (var draft in shares.SelectMany(share => NodeSliceCodec.Encode(vs.Name, share.Key, share.Value)))
                if (!NodeSliceCodec.TryDecode(new NodeSlice { Metadata = new ObjectMeta { Name = draft.Name }, Spec = draft.Spec }, out _, out var refused))
                    return $"accepted, and the agent refuses its slice {draft.Name}: {refused}";

        // ...and what the agent would program must hold no reserved address.
        var plan = Planner.Plan(compiled.ForNode(Node.Name), ObservedState.Empty, OwnedState.Empty, Now, DrainPolicy.Default);
        foreach (var operation in plan.Operations)
        {
            var address = operation switch
            {
                AddAddress add => add.Address.Address,
                AddService { Service.Key: VirtualAddressKey key } => key.Address,
                _ => null,
            };
            if (address is not null && !IpAddresses.IsGlobalUnicast(address)) return $"accepted, and the plan holds {address}: {operation}";
        }

        return null;
    }
}
