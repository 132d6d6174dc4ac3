using System.Collections.Immutable;

namespace LvsOperator.Core.Kernel;

/// <summary>
/// The agent's nftables table (<c>inet lvsoperator</c>) as a read found it: whether it and its NAT chain
/// exist, and the chain's rules by handle with the service each names (null: a rule that names none).
/// </summary>
public sealed record ObservedSourceNat(bool TableExists, bool ChainExists, ImmutableList<ObservedNatRule> Rules)
{
    public static ObservedSourceNat Absent { get; } = new(false, false, ImmutableList<ObservedNatRule>.Empty);
}

/// <summary>One masquerade rule: the kernel's handle, and the IPVS service its comment names.</summary>
public sealed record ObservedNatRule(ulong Handle, ServiceKey? Service);
