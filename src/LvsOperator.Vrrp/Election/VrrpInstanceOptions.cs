using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using LvsOperator.Vrrp.Wire;

namespace LvsOperator.Vrrp.Election;

/// <summary>
/// One virtual router on one node (RFC 5798 §6.1 parameters); names follow keepalived's where
/// it has the same knob.
/// </summary>
public sealed record VrrpInstanceOptions
{
    /// <summary>Longest preempt delay keepalived accepts (<c>preempt_delay</c>, 0–1000 s).</summary>
    public static readonly TimeSpan MaxPreemptDelay = TimeSpan.FromSeconds(1000);

    /// <summary>VRID, 1–255; shared by every router of this virtual router.</summary>
    public required byte VirtualRouterId { get; init; }

    /// <summary>1–254, higher wins; 255 means this node owns the addresses and is master at once (§5.2.4).</summary>
    public byte Priority { get; init; } = 100;

    /// <summary>Advertisement_Interval: 10 ms to 40.95 s in whole centiseconds (§5.2.7).</summary>
    public TimeSpan AdvertisementInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The source of advertisements and the tie-breaker between equal priorities: the interface's
    /// primary IPv4 address, or its IPv6 link-local address (§5.1.2.1).
    /// </summary>
    public required IPAddress PrimaryAddress { get; init; }

    /// <summary>The addresses the master holds; one family, that of <see cref="PrimaryAddress"/>.</summary>
    public ImmutableArray<IPAddress> VirtualAddresses { get; init; } = [];

    /// <summary>Preempt_Mode (§6.1): a higher-priority backup takes over from a lower-priority master.</summary>
    public bool Preempt { get; init; } = true;

    /// <summary>
    /// Keepalived's <c>preempt_delay</c>: after startup, and after a higher-priority master was last
    /// seen, a backup that would preempt waits this long first, so a recovering node settles before it
    /// takes the addresses back.
    /// </summary>
    public TimeSpan PreemptDelay { get; init; } = TimeSpan.Zero;

    /// <summary>Unicast peers for networks without multicast: advertisements go to each, and only theirs are accepted. Empty: multicast.</summary>
    public ImmutableArray<IPAddress> UnicastPeers { get; init; } = [];

    /// <summary>Announcements per address in each burst (keepalived <c>garp_master_repeat</c>).</summary>
    public int AnnouncementCount { get; init; } = 5;

    /// <summary>When the second burst follows the first (keepalived <c>garp_master_delay</c>); zero: no second burst.</summary>
    public TimeSpan AnnouncementRepeatDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The IPv4 checksum form (see <see cref="Ipv4ChecksumMode"/>); ignored for IPv6.</summary>
    public Ipv4ChecksumMode Ipv4Checksum { get; init; } = Ipv4ChecksumMode.PseudoHeader;

    /// <summary>Whether this node owns the addresses (priority 255).</summary>
    public bool IsAddressOwner => Priority == byte.MaxValue;

    /// <summary>Advertisement_Interval in centiseconds, as on the wire.</summary>
    public ushort IntervalCentiseconds => (ushort)(AdvertisementInterval.Ticks / TimeSpan.TicksPerMillisecond / 10);

    /// <summary>Every problem with these options at once; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (VirtualRouterId == 0)
        {
            errors.Add("virtualRouterId must be 1-255");
        }

        if (Priority == 0)
        {
            errors.Add("priority must be 1-254, or 255 for the address owner (0 is reserved for a master that leaves)");
        }

        var ticksPerCentisecond = TimeSpan.TicksPerMillisecond * 10;
        if (AdvertisementInterval.Ticks % ticksPerCentisecond != 0 || AdvertisementInterval.Ticks / ticksPerCentisecond is < 1 or > VrrpPacket.MaxInterval)
        {
            errors.Add("advertisementInterval must be 1-4095 centiseconds (10 ms to 40.95 s, in steps of 10 ms)");
        }

        if (PreemptDelay < TimeSpan.Zero || PreemptDelay > MaxPreemptDelay)
        {
            errors.Add("preemptDelay must be 0-1000 s");
        }

        if (AnnouncementCount < 1)
        {
            errors.Add("announcementCount must be at least 1");
        }

        if (AnnouncementRepeatDelay < TimeSpan.Zero)
        {
            errors.Add("announcementRepeatDelay must not be negative");
        }

        ValidateAddresses(errors);
        return errors;
    }

    private void ValidateAddresses(List<string> errors)
    {
        var family = PrimaryAddress?.AddressFamily;
        if (family is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            errors.Add("primaryAddress must be an IPv4 or IPv6 address");
            return;
        }

        if (family == AddressFamily.InterNetworkV6 && UnicastPeers.IsDefaultOrEmpty && !PrimaryAddress!.IsIPv6LinkLocal)
        {
            errors.Add("primaryAddress must be the interface's IPv6 link-local address (RFC 5798 §5.1.2.1)");
        }

        if (VirtualAddresses.IsDefaultOrEmpty || VirtualAddresses.Length > byte.MaxValue)
        {
            errors.Add("virtualAddresses must hold 1-255 addresses");
        }
        else if (VirtualAddresses.Any(a => a?.AddressFamily != family) || VirtualAddresses.Distinct().Count() != VirtualAddresses.Length)
        {
            errors.Add($"virtualAddresses must be distinct {Family(family.Value)} addresses, the family of primaryAddress");
        }

        if (!UnicastPeers.IsDefaultOrEmpty &&
            UnicastPeers.Any(p => p?.AddressFamily != family || IsMulticast(p) || p.Equals(PrimaryAddress)))
        {
            errors.Add($"unicastPeers must be other nodes' unicast {Family(family.Value)} addresses");
        }
    }

    private static string Family(AddressFamily family) => family == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4";

    private static bool IsMulticast(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 ? address.IsIPv6Multicast : (address.GetAddressBytes()[0] & 0xF0) == 0xE0;
}
