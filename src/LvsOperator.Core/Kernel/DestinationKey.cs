using System.Net;

namespace LvsOperator.Core.Kernel;

/// <summary>What identifies a destination (real server) within one IPVS service.</summary>
public readonly record struct DestinationKey(IPAddress Address, ushort Port) : IComparable<DestinationKey>
{
    public int CompareTo(DestinationKey other)
    {
        var byAddress = AddressOrder.Compare(Address, other.Address);
        return byAddress != 0 ? byAddress : Port.CompareTo(other.Port);
    }

    public override string ToString() => Endpoints.Format(Address, Port);
}
