using LvsOperator.Core.Resources;

namespace LvsOperator.Core.Validation;

/// <summary>A <see cref="FieldError"/> of a particular resource.</summary>
public sealed record Finding(ResourceRef Resource, FieldError Error)
{
    public override string ToString() => $"{Resource}: {Error}";
}
