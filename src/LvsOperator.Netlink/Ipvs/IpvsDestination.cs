using System.Net;
using System.Net.Sockets;

namespace LvsOperator.Netlink.Ipvs;

/// <summary>A destination (real server) as written with NEW/SET_DEST and read back from GET_DEST.</summary>
public sealed record IpvsDestination
{
    /// <summary>A destination with ipvsadm's defaults: NAT, weight 1, no thresholds.</summary>
    public IpvsDestination(IPAddress address, ushort port)
    {
        ArgumentNullException.ThrowIfNull(address);
        IpvsServiceKey.CheckFamily(address.AddressFamily);
        Address = address;
        Port = port;
        Family = address.AddressFamily;
    }

    /// <summary>Address (<c>IPVS_DEST_ATTR_ADDR</c>).</summary>
    public IPAddress Address { get; init; }

    /// <summary>Port (<c>IPVS_DEST_ATTR_PORT</c>, <c>__be16</c>).</summary>
    public ushort Port { get; init; }

    /// <summary>
    /// Family of the address (<c>IPVS_DEST_ATTR_ADDR_FAMILY</c>); may differ from the service's
    /// for TUN destinations (mixed families, kernel 4.x+).
    /// </summary>
    public AddressFamily Family { get; init; }

    /// <summary>Forwarding method.</summary>
    public IpvsForwardingMethod ForwardingMethod { get; init; }

    /// <summary>Weight (<c>IPVS_DEST_ATTR_WEIGHT</c>, a u32 on the wire; the kernel rejects negatives).</summary>
    public int Weight { get; init; } = 1;

    /// <summary>Upper connection threshold, 0 for none.</summary>
    public uint UpperThreshold { get; init; }

    /// <summary>Lower connection threshold, 0 for none.</summary>
    public uint LowerThreshold { get; init; }

    /// <summary>Tunnel type for TUN destinations.</summary>
    public IpvsTunnelType TunnelType { get; init; }

    /// <summary>Tunnel port (GUE), 0 otherwise.</summary>
    public ushort TunnelPort { get; init; }

    /// <summary>Tunnel checksum flags (GUE/GRE).</summary>
    public IpvsTunnelFlags TunnelFlags { get; init; }

    /// <summary>Active connections; only in replies.</summary>
    public uint ActiveConnections { get; init; }

    /// <summary>Inactive connections; only in replies.</summary>
    public uint InactiveConnections { get; init; }

    /// <summary>Persistent connection templates; only in replies.</summary>
    public uint PersistentConnections { get; init; }

    /// <summary>Statistics; only in replies.</summary>
    public IpvsStats? Stats { get; init; }

    /// <summary>The identity within its service.</summary>
    public IpvsDestinationKey Key => new(Address, Port);
}
