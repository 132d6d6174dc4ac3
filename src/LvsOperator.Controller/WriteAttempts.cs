using LvsOperator.Kubernetes.Client;
using Microsoft.Extensions.Logging;

namespace LvsOperator.Controller;

/// <summary>
/// A pass's writes, tried each on its own (concurrently): a write the API server refuses neither stops the others nor
/// goes unnoticed. It is logged and counted, and a pass with failures is retried.
/// </summary>
internal sealed partial class WriteAttempts(ILogger logger, CancellationToken cancellationToken)
{
    private int _failures;

    public int Failures => Volatile.Read(ref _failures);

    public async Task TryAsync(string what, Func<Task> write)
    {
        try
        {
            await write();
        }
        catch (Exception e) when (e is KubeApiException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            Interlocked.Increment(ref _failures);
            LogWriteFailed(logger, what, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Write failed, the pass will be retried: {What}: {Reason}")]
    private static partial void LogWriteFailed(ILogger logger, string what, string reason);
}
