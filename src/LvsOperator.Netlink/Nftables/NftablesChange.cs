namespace LvsOperator.Netlink.Nftables;

/// <summary>One change of an nftables transaction, in the agent's own NAT table.</summary>
/// <remarks>The changes are one closed family of one-line records, kept in this file so the vocabulary reads in one place.</remarks>
public abstract record NftablesChange
{
    private protected NftablesChange() { }
}

/// <summary>
/// Creates the table and its NAT chain if missing (<c>NFT_MSG_NEWTABLE</c>, <c>NFT_MSG_NEWCHAIN</c> with
/// <c>NLM_F_CREATE</c> and no <c>NLM_F_EXCL</c>): idempotent, so it also repairs a deleted chain.
/// </summary>
public sealed record EnsureNatChain : NftablesChange;

/// <summary>Appends a rule to the chain (<c>NFT_MSG_NEWRULE</c>, <c>NLM_F_APPEND</c>).</summary>
public sealed record AddMasqueradeRule(MasqueradeRule Rule) : NftablesChange;

/// <summary>Deletes one rule by handle (<c>NFT_MSG_DELRULE</c>).</summary>
public sealed record DeleteRule(ulong Handle) : NftablesChange;

/// <summary>Deletes the table with its chain and rules (<c>NFT_MSG_DELTABLE</c>): only ever the agent's own.</summary>
public sealed record DeleteTable : NftablesChange;
