using System.Diagnostics;
using System.Diagnostics.Metrics;
using LvsOperator.Core.Resources;

namespace LvsOperator.Health;

/// <summary>
/// The checks' instruments on a <see cref="Meter"/> named <see cref="MeterName"/>; the agent listens to them and
/// exports them as <c>lvsoperator_health_*</c>.
/// </summary>
public sealed class HealthMetrics : IDisposable
{
    public const string MeterName = "LvsOperator.Health";

    /// <summary>Seconds per check, tagged <c>type</c> and <c>result</c>.</summary>
    public const string CheckDurationName = "lvsoperator.health.check.duration";

    /// <summary>State changes, tagged <c>state</c> (the new one).</summary>
    public const string TransitionsName = "lvsoperator.health.transitions";

    private readonly Meter _meter;
    private readonly Histogram<double> _checkDuration;
    private readonly Counter<long> _transitions;

    /// <param name="targetCounts">Targets per state now, read when the gauge is collected.</param>
    public HealthMetrics(Func<(int Up, int Down)> targetCounts, IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _checkDuration = _meter.CreateHistogram<double>(CheckDurationName, "s", "How long a health check took, by type and result.");
        _transitions = _meter.CreateCounter<long>(TransitionsName, description: "Real servers that changed health state, by new state.");
        _meter.CreateObservableGauge("lvsoperator.health.targets", () =>
        {
            var (up, down) = targetCounts();
            return new[] { new Measurement<int>(up, new KeyValuePair<string, object?>("state", "up")), new Measurement<int>(down, new KeyValuePair<string, object?>("state", "down")) };
        }, description: "Checked real servers by health state.");
    }

    public void CheckCompleted(HealthCheckType type, bool healthy, TimeSpan duration)
    {
        var tags = new TagList { { "type", TypeName(type) }, { "result", healthy ? "success" : "failure" } };
        _checkDuration.Record(duration.TotalSeconds, tags);
    }

    /// <summary>Constant strings: a tag per check must not cost two allocations.</summary>
    private static string TypeName(HealthCheckType type) => type switch
    {
        HealthCheckType.Tcp => "tcp",
        HealthCheckType.Http => "http",
        HealthCheckType.Https => "https",
        HealthCheckType.Dns => "dns",
        _ => "none",
    };

    public void Transitioned(HealthState state) => _transitions.Add(1, new KeyValuePair<string, object?>("state", state == HealthState.Up ? "up" : "down"));

    public void Dispose() => _meter.Dispose();
}
