using LvsOperator.Netlink.Ipvs;

namespace LvsOperator.Cli.List;

/// <summary>One kernel service as read, with its destinations, and whether the agent's ledger lists it as its own.</summary>
internal sealed record ListedService(IpvsService Service, IReadOnlyList<IpvsDestination> Destinations, bool Owned);
