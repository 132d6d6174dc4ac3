using System.Text.Json;
using LvsOperator.Core.Resources;

namespace LvsOperator.Core.Control;

/// <summary>What a published NodeSlice's status says about its current spec.</summary>
internal static class SliceState
{
    /// <summary>The agent applied this very generation and the kernel holds it.</summary>
    public static bool Programmed(NodeSlice slice) => Reported(slice, ConditionTypes.Programmed) is { Status: ConditionStatus.True };

    /// <summary>The agent applied this generation and nothing of it is still draining.</summary>
    public static bool Settled(NodeSlice slice) =>
        Programmed(slice) && Reported(slice, ConditionTypes.Draining) is not { Status: ConditionStatus.True };

    /// <summary>The agent's condition of the given type, if it is about the slice's current generation.</summary>
    public static Condition? Reported(NodeSlice slice, string type) =>
        slice.Status is { } status && status.ObservedGeneration == slice.Metadata.Generation
            ? status.Conditions?.FirstOrDefault(c => c.Type == type)
            : null;

    public static bool SameSpec(NodeSliceSpec a, NodeSliceSpec b) =>
        JsonSerializer.Serialize(a, ResourceJsonContext.Default.NodeSliceSpec) == JsonSerializer.Serialize(b, ResourceJsonContext.Default.NodeSliceSpec);

    public static bool Empty(NodeSliceSpec spec) =>
        spec.Services.Count == 0 && spec.Addresses.Count == 0 && spec.Links.Count == 0 && spec.Sysctls.Count == 0;
}
