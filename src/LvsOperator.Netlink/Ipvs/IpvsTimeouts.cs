namespace LvsOperator.Netlink.Ipvs;

/// <summary>
/// Connection timeouts in seconds (<c>IPVS_CMD_ATTR_TIMEOUT_TCP</c>, <c>_TCP_FIN</c>, <c>_UDP</c>).
/// When setting, 0 leaves a value unchanged, as in the kernel.
/// </summary>
public sealed record IpvsTimeouts(uint Tcp, uint TcpFin, uint Udp);
