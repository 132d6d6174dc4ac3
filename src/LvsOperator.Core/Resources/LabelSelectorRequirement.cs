namespace LvsOperator.Core.Resources;

/// <summary>One <c>matchExpressions</c> entry: operator In, NotIn, Exists or DoesNotExist.</summary>
public sealed record LabelSelectorRequirement
{
    public const string In = "In";
    public const string NotIn = "NotIn";
    public const string Exists = "Exists";
    public const string DoesNotExist = "DoesNotExist";

    public string Key { get; init; } = "";
    public string Operator { get; init; } = In;
    public IReadOnlyList<string>? Values { get; init; }

    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        var present = labels.TryGetValue(Key, out var value);
        var listed = present && (Values ?? []).Contains(value);
        return Operator switch
        {
            In => listed,
            NotIn => !listed,
            Exists => present,
            DoesNotExist => !present,
            _ => false,
        };
    }
}
