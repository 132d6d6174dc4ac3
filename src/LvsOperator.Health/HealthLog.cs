using LvsOperator.Core.Kernel;
using Microsoft.Extensions.Logging;

namespace LvsOperator.Health;

internal static partial class HealthLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Real server {Target} is down: {Failure}")]
    public static partial void TargetDown(ILogger logger, HealthTargetKey target, string? failure);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Real server {Target} is up")]
    public static partial void TargetUp(ILogger logger, HealthTargetKey target);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Service {Service} lost its quorum (healthy weight {HealthyWeight})")]
    public static partial void QuorumLost(ILogger logger, ServiceKey service, int healthyWeight);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Service {Service} regained its quorum (healthy weight {HealthyWeight})")]
    public static partial void QuorumGained(ILogger logger, ServiceKey service, int healthyWeight);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Health checks configured: {Targets} targets in {Services} services ({Added} added, {Removed} removed)")]
    public static partial void Configured(ILogger logger, int targets, int services, int added, int removed);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Service {Service} entered panic mode: healthy weight {HealthyWeight} of {TotalWeight} is below the panic threshold; every real server keeps its weight")]
    public static partial void PanicEntered(ILogger logger, ServiceKey service, int healthyWeight, int totalWeight);

    [LoggerMessage(EventId = 8, Level = LogLevel.Information, Message = "Service {Service} left panic mode (healthy weight {HealthyWeight} of {TotalWeight}); down real servers are out again")]
    public static partial void PanicLeft(ILogger logger, ServiceKey service, int healthyWeight, int totalWeight);

    [LoggerMessage(EventId = 6, Level = LogLevel.Error, Message = "A transition handler failed")]
    public static partial void HandlerFailed(ILogger logger, Exception exception);
}
