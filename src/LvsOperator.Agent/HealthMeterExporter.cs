using System.Diagnostics.Metrics;
using LvsOperator.Health;
using Prometheus;

namespace LvsOperator.Agent;

/// <summary>
/// The health scheduler's check latencies and transitions, from its <see cref="HealthMetrics.MeterName"/> meter
/// into prometheus-net under Prometheus names (<c>lvsoperator_health_check_duration_seconds</c>,
/// <c>lvsoperator_health_transitions_total</c>). A plain <see cref="MeterListener"/>, no reflection, so NativeAOT
/// keeps it; prometheus-net's own meter adapter is told to leave this meter alone (<see cref="ExcludeFromDefaultAdapter"/>),
/// or every series would appear twice under doubled names.
/// </summary>
internal sealed class HealthMeterExporter : IDisposable
{
    private readonly Histogram _duration = Metrics.CreateHistogram(
        "lvsoperator_health_check_duration_seconds", "How long one health check took, by check type and result.",
        new HistogramConfiguration { LabelNames = ["type", "result"], Buckets = Histogram.ExponentialBuckets(0.0005, 2, 14) });

    private readonly Counter _transitions = Metrics.CreateCounter(
        "lvsoperator_health_transitions_total", "Real servers that changed health state, by the new state.", "state");

    private readonly MeterListener _listener = new();

    public HealthMeterExporter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == HealthMetrics.MeterName && instrument.Name is HealthMetrics.CheckDurationName or HealthMetrics.TransitionsName)
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<double>((_, seconds, tags, _) => _duration.WithLabels(Tag(tags, "type"), Tag(tags, "result")).Observe(seconds));
        _listener.SetMeasurementEventCallback<long>((_, count, tags, _) => _transitions.WithLabels(Tag(tags, "state")).Inc(count));
        _listener.Start();
    }

    /// <summary>For <see cref="Metrics.ConfigureMeterAdapter"/>, before the default registry is first used.</summary>
    public static void ExcludeFromDefaultAdapter(MeterAdapterOptions options)
    {
        var others = options.InstrumentFilterPredicate;
        options.InstrumentFilterPredicate = instrument => instrument.Meter.Name != HealthMetrics.MeterName && others(instrument);
    }

    public void Dispose() => _listener.Dispose();

    private static string Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string name)
    {
        foreach (var (key, value) in tags)
            if (key == name) return value as string ?? "";
        return "";
    }
}
