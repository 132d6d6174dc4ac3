namespace LvsOperator.Core.Resources;

/// <summary>The addresses of an <see cref="AddressPool"/> and who may use them.</summary>
public sealed record AddressPoolSpec
{
    /// <summary>IPv4 or IPv6 CIDRs (<c>192.0.2.0/24</c>) and inclusive ranges (<c>192.0.2.10-192.0.2.20</c>).</summary>
    public IReadOnlyList<string> Addresses { get; init; } = [];

    /// <summary>False: only Services that ask for one of its addresses (or for the pool by name) get one.</summary>
    public bool AutoAssign { get; init; } = true;

    /// <summary>Never hand out IPv4 addresses ending in <c>.0</c> or <c>.255</c>, which some networks drop.</summary>
    public bool AvoidBuggyIPs { get; init; }

    /// <summary>Which Services may take the pool's addresses, and its priority; absent means every Service.</summary>
    public ServiceAllocation? ServiceAllocation { get; init; }
}
