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

    public int CompareTo(ServiceKey? other) => other is null ? 1 : string.CompareOrdinal(SortKey, other.SortKey);

    /// <summary>Family first, then kind, then numbers in fixed width, so ordinal order is numeric order.</summary>
    private protected abstract string SortKey { get; }

    internal static string SortableAddress(IPAddress address) => Convert.ToHexString(address.GetAddressBytes());
}

/// <summary>A service on a virtual address: ipvsadm <c>-t|-u|--sctp-service VIP:PORT</c>.</summary>
public sealed record VirtualAddressKey(Protocol Protocol, IPAddress Address, ushort Port) : ServiceKey
{
    public override AddressFamily Family => Address.AddressFamily;

    private protected override string SortKey => $"{(int)Family:D2}A{SortableAddress(Address)}{Port:D5}{(int)Protocol}";

    public override string ToString() => $"{Protocol.ToString().ToUpperInvariant()} {Endpoints.Format(Address, Port)}";
}

/// <summary>A service selecting packets by netfilter mark: ipvsadm <c>-f MARK</c>.</summary>
public sealed record FirewallMarkKey(uint Mark, AddressFamily AddressFamily) : ServiceKey
{
    public override AddressFamily Family => AddressFamily;

    private protected override string SortKey => $"{(int)Family:D2}F{Mark:D10}";

    public override string ToString() => $"FWM {Mark}{(Family == AddressFamily.InterNetworkV6 ? " IPv6" : "")}";
}
