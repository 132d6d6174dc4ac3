namespace LvsOperator.Hosting;

/// <summary>
/// A start-up failure whose message says all a person needs (a kubeconfig that is missing, unreadable, or
/// lacks the context asked for): <see cref="LvsHost.RunAsync"/> prints it as one line, not a stack trace.
/// </summary>
public sealed class StartupException : Exception
{
    public StartupException()
    {
    }

    public StartupException(string message)
        : base(message)
    {
    }

    public StartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
