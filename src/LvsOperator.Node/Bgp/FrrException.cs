namespace LvsOperator.Node.Bgp;

/// <summary>FRR refused a configuration or could not be asked; retryable: the next reconcile tries again.</summary>
public sealed class FrrException : Exception
{
    public FrrException(string message) : base(message) { }
    public FrrException(string message, Exception inner) : base(message, inner) { }
}
