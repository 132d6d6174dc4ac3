namespace LvsOperator.Kubernetes.Leases;

/// <summary>
/// Which Lease, who this replica is, and client-go's three timings (<c>LeaderElectionConfig</c>): a Lease holds
/// <see cref="LeaseDuration"/> without renewal; the holder renews every <see cref="RetryPeriod"/> and gives up
/// leading when a renewal has not succeeded within <see cref="RenewDeadline"/>; a standby tries every
/// <see cref="RetryPeriod"/>.
/// </summary>
public sealed record LeaseElectorOptions
{
    public required string Namespace { get; init; }
    public required string Name { get; init; }
    public required string Identity { get; init; }
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);
}
