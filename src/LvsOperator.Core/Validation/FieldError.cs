namespace LvsOperator.Core.Validation;

/// <summary>One thing wrong with a resource: the field (as a JSON path from the resource root) and why.</summary>
public sealed record FieldError(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}
