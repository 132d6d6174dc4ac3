using Microsoft.Extensions.Logging;

namespace LvsOperator.Kubernetes.Tests.Support;

/// <summary>A logger that keeps the <c>Delay</c> field of every retry logged: the waits an informer chose, in order.</summary>
internal sealed class DelayRecorder : ILogger
{
    private readonly List<TimeSpan> delays = [];

    public IReadOnlyList<TimeSpan> Delays
    {
        get
        {
            lock (delays)
            {
                return [.. delays];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (state is not IReadOnlyList<KeyValuePair<string, object?>> fields) return;
        foreach (var (name, value) in fields)
        {
            if (name == "Delay" && value is TimeSpan delay)
            {
                lock (delays)
                {
                    delays.Add(delay);
                }
            }
        }
    }
}
