using System.Net;
using System.Net.Sockets;

namespace LvsOperator.Core.Kernel;

/// <summary>Address formatting as ipvsadm prints it: <c>192.0.2.1:80</c>, <c>[2001:db8::1]:80</c>.</summary>
public static class Endpoints
{
    public static string Format(IPAddress address, ushort port) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]:{port}" : $"{address}:{port}";

    /// <summary>Host prefix length of the address's family: 32 or 128.</summary>
    public static int HostPrefix(AddressFamily family) => family == AddressFamily.InterNetworkV6 ? 128 : 32;
}
