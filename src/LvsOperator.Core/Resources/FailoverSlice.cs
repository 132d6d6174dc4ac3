namespace LvsOperator.Core.Resources;

/// <summary>
/// A virtual router in a NodeSlice: the election settings as this node runs them (its own priority) and the
/// VIPs of the slice's VirtualService that move with it. Durations are Go durations, as in the VirtualService.
/// </summary>
public sealed record FailoverSlice
{
    public int VirtualRouterId { get; init; }
    public int Priority { get; init; }
    public string AdvertisementInterval { get; init; } = "";
    public bool Preempt { get; init; }
    public string PreemptDelay { get; init; } = "";
    public bool ConnectionSync { get; init; }
    public string? Interface { get; init; }
    public IReadOnlyList<string> UnicastPeers { get; init; } = [];
    public IReadOnlyList<string> Addresses { get; init; } = [];

    private static readonly IReadOnlyList<string> None = [];

    /// <summary>Field by field: records compare lists by reference, and the controller asks this on every pass.</summary>
    public bool SameAs(FailoverSlice other) =>
        this with { UnicastPeers = None, Addresses = None } == other with { UnicastPeers = None, Addresses = None }
        && UnicastPeers.SequenceEqual(other.UnicastPeers) && Addresses.SequenceEqual(other.Addresses);
}
