namespace LvsOperator.Cli.List;

/// <summary>What <see cref="IpvsConnectionParser"/> made of <c>/proc/net/ip_vs_conn</c>: the connections, and how many lines it could not read.</summary>
internal sealed record IpvsConnectionTable(IReadOnlyList<IpvsConnection> Connections, int UnreadableLines);
