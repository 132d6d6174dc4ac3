namespace LvsOperator.Core.Resources;

/// <summary>One key of a Secret in the referring object's namespace (core/v1 SecretKeySelector without optional).</summary>
public sealed record SecretKeyReference
{
    public string Name { get; init; } = "";
    public string Key { get; init; } = "";
}
