using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace LvsOperator.ApiServer.Tests;

/// <summary>Log lines into the test's output, each with the seconds since <paramref name="clock"/> started: a timeline.</summary>
internal sealed class OutputLogger(ITestOutputHelper output, Stopwatch clock) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel)) return;
        var cause = exception is null ? "" : $" ({exception.GetBaseException().Message})";
        try
        {
            output.WriteLine($"{clock.Elapsed.TotalSeconds,7:F2} s  {formatter(state, exception)}{cause}");
        }
        catch (InvalidOperationException)
        {
            // The test has ended; an informer still stopping has nowhere to write.
        }
    }
}
