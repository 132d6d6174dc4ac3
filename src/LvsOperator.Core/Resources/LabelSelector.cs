namespace LvsOperator.Core.Resources;

/// <summary>Kubernetes <c>metav1.LabelSelector</c>. An empty selector matches everything.</summary>
public sealed record LabelSelector
{
    public IReadOnlyDictionary<string, string>? MatchLabels { get; init; }
    public IReadOnlyList<LabelSelectorRequirement>? MatchExpressions { get; init; }

    public bool Matches(IReadOnlyDictionary<string, string>? labels)
    {
        labels ??= new Dictionary<string, string>();
        return (MatchLabels ?? new Dictionary<string, string>())
                   .All(p => labels.TryGetValue(p.Key, out var v) && v == p.Value)
               && (MatchExpressions ?? []).All(e => e.Matches(labels));
    }
}
