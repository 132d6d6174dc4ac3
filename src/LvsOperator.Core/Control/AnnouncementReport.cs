using LvsOperator.Core.Resources;

namespace LvsOperator.Core.Control;

/// <summary>Which directors announce an active/active VirtualService (issue 17), from their NodeSlices' reports.</summary>
internal static class AnnouncementReport
{
    /// <summary>
    /// The directors whose slice reports <see cref="ConditionTypes.Announced"/> true, by name; an empty list while none
    /// does, and nothing for a VirtualService that is not active/active.
    /// </summary>
    public static List<string>? AnnouncedBy(VirtualService vs, IEnumerable<NodeSlice> published) =>
        vs.Spec.ActiveActive is null
            ? null
            : published.Where(Announced).Select(s => s.Spec.NodeName).Distinct().Order(StringComparer.Ordinal).ToList();

    private static bool Announced(NodeSlice slice) =>
        slice.Status?.Conditions?.Any(c => c.Type == ConditionTypes.Announced && c.Status == ConditionStatus.True) == true;
}
