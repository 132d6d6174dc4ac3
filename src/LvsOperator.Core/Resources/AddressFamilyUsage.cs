namespace LvsOperator.Core.Resources;

/// <summary>One address family's share of an <see cref="AddressPoolStatus"/>.</summary>
public sealed record AddressFamilyUsage
{
    /// <summary>Decimal count of the family's addresses (an IPv6 /64 is 18446744073709551616).</summary>
    public string? Total { get; init; }

    public int Assigned { get; init; }
}
