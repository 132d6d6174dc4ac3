namespace LvsOperator.Netlink.Nftables;

/// <summary>A rule as a read shows it: the kernel's handle, and the comment nft would show (null when it has none).</summary>
public sealed record NftablesRule(ulong Handle, string? Comment);
