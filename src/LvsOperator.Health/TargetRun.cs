namespace LvsOperator.Health;

/// <summary>One target's check loop in the scheduler: what it checks, its state, and how to stop it.</summary>
internal sealed class TargetRun(HealthTarget target, TargetHealth health, CancellationToken stopping) : IDisposable
{
    private readonly CancellationTokenSource _stop = CancellationTokenSource.CreateLinkedTokenSource(stopping);

    /// <summary>Replaced when only the weight changes, so the loop and its state carry on.</summary>
    public HealthTarget Target { get; set; } = target;

    public TargetHealth Health { get; } = health;

    public CancellationToken Stopping => _stop.Token;

    public Task Loop { get; set; } = Task.CompletedTask;

    /// <summary>Where the TCP poller keeps this run, when it checks it (read and written on the poller's thread).</summary>
    public int PollSlot { get; set; } = -1;

    /// <summary>Ends the loop at its next await; a loop that already ended has nothing to stop.</summary>
    public void Stop()
    {
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public void Dispose() => _stop.Dispose();
}
