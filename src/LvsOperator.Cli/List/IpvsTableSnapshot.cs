using LvsOperator.Netlink.Ipvs;

namespace LvsOperator.Cli.List;

/// <summary>The IPVS table of one network namespace, read once: what <see cref="IpvsTableFormatter"/> prints.</summary>
internal sealed record IpvsTableSnapshot(IpvsInfo Info, IReadOnlyList<ListedService> Services);
