using System.Collections.Immutable;
using System.Net;

namespace LvsOperator.Core.Kernel;

/// <summary>
/// One virtual router this director takes part in (issue 7): the election settings, this node's priority, and
/// the VIPs of every VirtualService naming <see cref="VirtualRouterId"/>. The node holds those VIPs only while it
/// is master; the agent's gate takes them out of the desired state otherwise.
/// </summary>
public sealed record FailoverGroup(
    byte VirtualRouterId,
    byte Priority,
    TimeSpan AdvertisementInterval,
    bool Preempt,
    TimeSpan PreemptDelay,
    bool ConnectionSync,
    string? Interface,
    ImmutableArray<IPAddress> UnicastPeers,
    ImmutableArray<IPAddress> Addresses)
{
    /// <summary>The same election settings (everything but <see cref="Addresses"/>): parts of one group.</summary>
    public bool SameSettings(FailoverGroup other) =>
        VirtualRouterId == other.VirtualRouterId && Priority == other.Priority && AdvertisementInterval == other.AdvertisementInterval
        && Preempt == other.Preempt && PreemptDelay == other.PreemptDelay && ConnectionSync == other.ConnectionSync
        && Interface == other.Interface && UnicastPeers.SequenceEqual(other.UnicastPeers);

    /// <summary>Same settings and VIPs; records compare arrays by reference, so this is the equality to use.</summary>
    public bool SameAs(FailoverGroup other) => SameSettings(other) && Addresses.SequenceEqual(other.Addresses);

    /// <summary>This group with another part's VIPs added, in address order without repeats.</summary>
    public FailoverGroup Merge(IEnumerable<IPAddress> addresses) =>
        this with { Addresses = Addresses.Union(addresses).Order(Comparer<IPAddress>.Create(AddressOrder.Compare)).ToImmutableArray() };
}
