using Microsoft.Extensions.Logging;

namespace LvsOperator.Kubernetes.Informers;

internal static partial class InformerLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Resource}: listed {Count} objects at resourceVersion {ResourceVersion}")]
    public static partial void Listed(ILogger logger, string resource, int count, string resourceVersion);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "{Resource}: watch from resourceVersion {ResourceVersion} ended after {Events} events")]
    public static partial void WatchEnded(ILogger logger, string resource, string resourceVersion, int events);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "{Resource}: resourceVersion {ResourceVersion} expired; listing again")]
    public static partial void Expired(ILogger logger, string resource, string? resourceVersion);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "{Resource}: {Operation} failed; retrying in {Delay}")]
    public static partial void Failed(ILogger logger, Exception exception, string resource, string operation, TimeSpan delay);

    [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "{Resource}: a subscriber failed on {Change} of {Key}")]
    public static partial void SubscriberFailed(ILogger logger, Exception exception, string resource, ResourceChangeType change, string key);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "{Resource}: watch from resourceVersion {ResourceVersion} outlived its {Timeout} timeout; resuming")]
    public static partial void WatchAbandoned(ILogger logger, string resource, string resourceVersion, TimeSpan timeout);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "{Resource}: {Operation} deferred by the server ({Code}: {ServerMessage}); retrying in {Delay}")]
    public static partial void Deferred(ILogger logger, string resource, string operation, int code, string serverMessage, TimeSpan delay);
}
