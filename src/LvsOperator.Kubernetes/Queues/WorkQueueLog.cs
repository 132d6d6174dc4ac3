using Microsoft.Extensions.Logging;

namespace LvsOperator.Kubernetes.Queues;

internal static partial class WorkQueueLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "{Queue}: handling {Key} failed; retry {Retries} in {Delay}")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string queue, object key, int retries, TimeSpan delay);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "{Queue}: {Key} asked for a retry; retry {Retries} in {Delay}")]
    public static partial void RetryRequested(ILogger logger, string queue, object key, int retries, TimeSpan delay);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "{Queue}: {Workers} workers started")]
    public static partial void WorkersStarted(ILogger logger, string queue, int workers);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "{Queue}: workers stopped")]
    public static partial void WorkersStopped(ILogger logger, string queue);
}
