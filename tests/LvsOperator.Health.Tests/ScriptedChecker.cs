using System.Collections.Concurrent;
using LvsOperator.Health.Checks;

namespace LvsOperator.Health.Tests;

/// <summary>A checker whose answers the test sets per target, counting the checks it was asked for.</summary>
internal sealed class ScriptedChecker : IHealthChecker
{
    private readonly ConcurrentDictionary<HealthTargetKey, bool> _healthy = new();
    private readonly ConcurrentDictionary<HealthTargetKey, int> _calls = new();

    /// <summary>Targets whose check never answers, to be cut off by the timeout.</summary>
    public ConcurrentDictionary<HealthTargetKey, bool> Hanging { get; } = new();

    public void SetHealthy(HealthTargetKey target, bool healthy) => _healthy[target] = healthy;

    public int Calls(HealthTargetKey target) => _calls.GetValueOrDefault(target);

    public async ValueTask<HealthCheckResult> CheckAsync(HealthTarget target, CancellationToken cancellationToken)
    {
        _calls.AddOrUpdate(target.Key, 1, (_, n) => n + 1);
        if (Hanging.ContainsKey(target.Key)) await Task.Delay(Timeout.Infinite, cancellationToken);
        return _healthy.GetValueOrDefault(target.Key, true) ? HealthCheckResult.Success : HealthCheckResult.Failed("scripted failure");
    }
}
