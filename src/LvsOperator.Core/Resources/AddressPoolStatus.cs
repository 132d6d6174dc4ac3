namespace LvsOperator.Core.Resources;

/// <summary>What an <see cref="AddressPool"/> holds and hands out; written by the controller's Lease holder.</summary>
public sealed record AddressPoolStatus
{
    public long? ObservedGeneration { get; init; }

    /// <summary>Addresses the pool can hand out, in decimal: an IPv6 /64 alone exceeds any integer type.</summary>
    public string? Total { get; init; }

    /// <summary>Addresses of the pool held by Services.</summary>
    public int Assigned { get; init; }

    public AddressFamilyUsage? Ipv4 { get; init; }
    public AddressFamilyUsage? Ipv6 { get; init; }

    /// <summary><see cref="AddressPoolConditions"/>: Ready, Overlapping, Unparsable, Shrunk.</summary>
    public IReadOnlyList<Condition>? Conditions { get; init; }
}
