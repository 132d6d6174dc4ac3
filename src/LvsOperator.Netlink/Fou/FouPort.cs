using System.Net.Sockets;

namespace LvsOperator.Netlink.Fou;

/// <summary>
/// One receive port as <c>FOU_CMD_GET</c> reports it. <paramref name="Bound"/> is true for a port limited to a
/// local address, a peer or a device (<c>ip fou add ... local/peer/dev</c>), which the agent never opens.
/// </summary>
public sealed record FouPort(ushort Port, AddressFamily Family, FouEncapsulation Encapsulation, byte Protocol, bool Bound);
