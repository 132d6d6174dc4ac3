using System.Net;
using System.Net.Sockets;

namespace LvsOperator.Netlink.Ipvs;

/// <summary>What identifies a destination within a service: its address and port.</summary>
public readonly record struct IpvsDestinationKey(IPAddress Address, ushort Port)
{
    /// <summary><c>10.0.0.2:8080</c> or <c>[2001:db8::2]:8080</c>.</summary>
    public override string ToString() => Address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{Address}]:{Port}" : $"{Address}:{Port}";
}
