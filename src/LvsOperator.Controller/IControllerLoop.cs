namespace LvsOperator.Controller;

/// <summary>What the Lease holder runs: decides and writes until its token ends. <see cref="LeaderService"/> owns when.</summary>
public interface IControllerLoop
{
    /// <summary>Runs until <paramref name="cancellationToken"/> ends; returning or throwing before that is a failure.</summary>
    Task RunAsync(TimeSpan resync, CancellationToken cancellationToken);
}
