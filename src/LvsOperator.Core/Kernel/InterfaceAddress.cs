using System.Net;

namespace LvsOperator.Core.Kernel;

/// <summary>A host address (/32 or /128) on a named interface: a VIP.</summary>
public readonly record struct InterfaceAddress(string Interface, IPAddress Address) : IComparable<InterfaceAddress>
{
    public int CompareTo(InterfaceAddress other)
    {
        var byInterface = string.CompareOrdinal(Interface, other.Interface);
        return byInterface != 0 ? byInterface : AddressOrder.Compare(Address, other.Address);
    }

    public override string ToString() => $"{Address}/{Endpoints.HostPrefix(Address.AddressFamily)} dev {Interface}";
}
