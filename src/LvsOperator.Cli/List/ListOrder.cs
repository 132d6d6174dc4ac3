using System.Net;
using System.Net.Sockets;
using LvsOperator.Netlink.Ipvs;

namespace LvsOperator.Cli.List;

/// <summary>
/// The order <c>lvsctl list</c> prints in: ipvsadm's sort keys (libipvs <c>ipvs_cmp_services</c>,
/// <c>ipvs_cmp_dests</c>) as a true total order. Services: address services before firewall-mark
/// ones, then by mark, IPv4 before IPv6, protocol number (TCP, UDP, SCTP), address, port.
/// Destinations: IPv4 before IPv6, address, port. ipvsadm computes the address difference as a
/// signed 32-bit int, so two addresses 2^31 or more apart compare the wrong way round (10.1.0.1 sorts
/// after 192.168.0.2) and a mixed set has no consistent order at all; lvsctl compares the addresses
/// as unsigned numbers, and prints the same lines as ipvsadm in the same order wherever ipvsadm's
/// comparison is consistent.
/// </summary>
internal static class ListOrder
{
    public static IComparer<IpvsServiceKey> Services { get; } = Comparer<IpvsServiceKey>.Create(CompareServices);

    public static IComparer<IpvsDestination> Destinations { get; } =
        Comparer<IpvsDestination>.Create((a, b) => CompareEndpoints(a.Address, a.Port, b.Address, b.Port));

    public static int CompareEndpoints(IPAddress a, ushort aPort, IPAddress b, ushort bPort)
    {
        var byAddress = CompareAddresses(a, b);
        return byAddress != 0 ? byAddress : aPort.CompareTo(bPort);
    }

    /// <summary>IPv4 before IPv6, then the address bytes in network order, i.e. numerically.</summary>
    public static int CompareAddresses(IPAddress a, IPAddress b)
    {
        var byFamily = FamilyRank(a.AddressFamily).CompareTo(FamilyRank(b.AddressFamily));
        return byFamily != 0 ? byFamily : a.GetAddressBytes().AsSpan().SequenceCompareTo(b.GetAddressBytes());
    }

    private static int CompareServices(IpvsServiceKey a, IpvsServiceKey b)
    {
        var order = a.FirewallMark.CompareTo(b.FirewallMark);
        if (order == 0) order = FamilyRank(a.Family).CompareTo(FamilyRank(b.Family));
        if (order == 0) order = ((ushort)a.Protocol).CompareTo((ushort)b.Protocol);
        if (order == 0 && !a.IsFirewallMark) order = CompareEndpoints(a.Address!, a.Port, b.Address!, b.Port);
        return order;
    }

    /// <summary>ipvsadm compares <c>AF_INET</c> (2) and <c>AF_INET6</c> (10) as numbers.</summary>
    private static int FamilyRank(AddressFamily family) => family == AddressFamily.InterNetwork ? 0 : 1;
}
