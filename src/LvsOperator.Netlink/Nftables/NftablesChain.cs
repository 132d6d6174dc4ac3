namespace LvsOperator.Netlink.Nftables;

/// <summary>What one read of a table found: whether the table and its chain exist, and the chain's rules in order.</summary>
public sealed record NftablesChain(bool TableExists, bool ChainExists, IReadOnlyList<NftablesRule> Rules)
{
    public static NftablesChain Absent { get; } = new(false, false, []);
}
