namespace LvsOperator.ApiServer.Tests;

/// <summary>One error as a field and a message: a cause of the API server's Status, or a line of lvsctl's output.</summary>
internal sealed record FieldError(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}
