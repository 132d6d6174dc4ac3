using System.Net.Sockets;

namespace LvsOperator.Core.Kernel;

/// <summary>
/// A fou receive port: the UDP port and the family of the outer IP header it receives, as the kernel keys its
/// ports (net/ipv4/fou_core.c <c>fou_cfg_cmp</c>). A GUE real server needs one per tunnel port, in its own address's
/// family: the director addresses the GUE datagrams to the real server.
/// </summary>
public readonly record struct FouPortKey(ushort Port, AddressFamily Family) : IComparable<FouPortKey>
{
    public int CompareTo(FouPortKey other)
    {
        var byFamily = ((int)Family).CompareTo((int)other.Family); // as ints: Enum.CompareTo boxes
        return byFamily != 0 ? byFamily : Port.CompareTo(other.Port);
    }

    /// <summary>As <c>ip fou</c> takes it: <c>port 6080</c>, <c>port 6080 -6</c>.</summary>
    public override string ToString() => Family == AddressFamily.InterNetworkV6 ? $"port {Port} -6" : $"port {Port}";
}
