using System.Diagnostics.Metrics;

namespace LvsOperator.Health.Bench;

/// <summary>
/// Counts checks and failures from the scheduler's own duration histogram, for either path: as in the agent,
/// whose metrics exporter listens to the same instrument, so its cost per check is in the figures.
/// </summary>
internal sealed class CheckCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _checks;
    private long _failures;

    public CheckCounter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name == HealthMetrics.CheckDurationName) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            Interlocked.Increment(ref _checks);
            foreach (var tag in tags)
            {
                if (tag.Key == "result" && tag.Value is "failure") Interlocked.Increment(ref _failures);
            }
        });
        _listener.Start();
    }

    public long Checks => Interlocked.Read(ref _checks);

    public long Failures => Interlocked.Read(ref _failures);

    public void Dispose() => _listener.Dispose();
}
