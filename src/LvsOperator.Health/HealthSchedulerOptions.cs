namespace LvsOperator.Health;

/// <summary>How the scheduler spreads the checks.</summary>
public sealed record HealthSchedulerOptions
{
    /// <summary>
    /// Checks in flight at once, on the poller and in the async loops each; the rest wait their turn (sockets and
    /// file descriptors are bounded).
    /// </summary>
    public int MaxConcurrentChecks { get; init; } = 512;

    /// <summary>
    /// Start each target at a random point of its first interval, so thousands of targets configured together
    /// do not all fire on the same tick. Off only where a test needs the first check at once.
    /// </summary>
    public bool JitterStart { get; init; } = true;

    /// <summary>
    /// Run TCP checks on one epoll thread (<see cref="Polling.TcpConnectPoller"/>, Linux only) instead of through
    /// the checker the scheduler was given: what the agent does. Off where a test scripts the checker.
    /// </summary>
    public bool PollTcp { get; init; }
}
