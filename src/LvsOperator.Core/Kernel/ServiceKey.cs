using System.Net;
using System.Net.Sockets;
using LvsOperator.Core.Resources;

namespace LvsOperator.Core.Kernel;

/// <summary>
/// What identifies an IPVS service in the kernel: (protocol, address, port) or (firewall mark, family).
/// Ordered so plans and listings come out the same on every run.
/// </summary>
public abstract record ServiceKey : IComparable<ServiceKey>
{
    private protected ServiceKey() { }

    public abstract AddressFamily Family { get; }

    /// <summary>Family first, then address services before firewall marks, then numerically.</summary>
    public int CompareTo(ServiceKey? other)
    {
        if (other is null) return 1;
        var byFamily = ((int)Family).CompareTo((int)other.Family); // as ints: Enum.CompareTo boxes
        if (byFamily != 0) return byFamily;
        return (this, other) switch
        {
            (VirtualAddressKey a, VirtualAddressKey b) => Compare(a, b),
            (FirewallMarkKey a, FirewallMarkKey b) => a.Mark.CompareTo(b.Mark),
            (VirtualAddressKey, _) => -1,
            _ => 1,
        };
    }

    private static int Compare(VirtualAddressKey a, VirtualAddressKey b)
    {
        var byAddress = AddressOrder.Compare(a.Address, b.Address);
        if (byAddress != 0) return byAddress;
        var byPort = a.Port.CompareTo(b.Port);
        return byPort != 0 ? byPort : ((int)a.Protocol).CompareTo((int)b.Protocol);
    }
}

/// <summary>A service on a virtual address: ipvsadm <c>-t|-u|--sctp-service VIP:PORT</c>.</summary>
public sealed record VirtualAddressKey(Protocol Protocol, IPAddress Address, ushort Port) : ServiceKey
{
    public override AddressFamily Family => Address.AddressFamily;

    public override string ToString() => $"{Protocol.ToString().ToUpperInvariant()} {Endpoints.Format(Address, Port)}";
}

/// <summary>A service selecting packets by netfilter mark: ipvsadm <c>-f MARK</c>.</summary>
public sealed record FirewallMarkKey(uint Mark, AddressFamily AddressFamily) : ServiceKey
{
    public override AddressFamily Family => AddressFamily;

    public override string ToString() => $"FWM {Mark}{(Family == AddressFamily.InterNetworkV6 ? " IPv6" : "")}";
}
