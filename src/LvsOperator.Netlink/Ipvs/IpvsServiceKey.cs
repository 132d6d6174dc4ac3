using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace LvsOperator.Netlink.Ipvs;

/// <summary>
/// What identifies a virtual service: (family, protocol, address, port), or (family, firewall mark).
/// The kernel looks services up by exactly these fields (<c>ip_vs_genl_parse_service</c>).
/// </summary>
public readonly record struct IpvsServiceKey
{
    private IpvsServiceKey(AddressFamily family, IpvsProtocol protocol, IPAddress? address, ushort port, uint firewallMark)
    {
        Family = family;
        Protocol = protocol;
        Address = address;
        Port = port;
        FirewallMark = firewallMark;
    }

    /// <summary>IPv4 or IPv6 (<c>IPVS_SVC_ATTR_AF</c>).</summary>
    public AddressFamily Family { get; }

    /// <summary>The protocol; <see cref="IpvsProtocol.None"/> for a firewall-mark service.</summary>
    public IpvsProtocol Protocol { get; }

    /// <summary>The virtual address; null for a firewall-mark service.</summary>
    public IPAddress? Address { get; }

    /// <summary>The virtual port; 0 for a firewall-mark service.</summary>
    public ushort Port { get; }

    /// <summary>The firewall mark; 0 for an address service.</summary>
    public uint FirewallMark { get; }

    /// <summary>Whether this is a firewall-mark service.</summary>
    public bool IsFirewallMark => FirewallMark != 0;

    /// <summary>A service on (protocol, address, port).</summary>
    public static IpvsServiceKey ForAddress(IpvsProtocol protocol, IPAddress address, ushort port)
    {
        ArgumentNullException.ThrowIfNull(address);
        CheckFamily(address.AddressFamily);
        if (protocol == IpvsProtocol.None)
        {
            throw new ArgumentException("An address service needs a protocol.", nameof(protocol));
        }

        return new IpvsServiceKey(address.AddressFamily, protocol, address, port, 0);
    }

    /// <summary>A service on a firewall mark (non-zero) for one address family.</summary>
    public static IpvsServiceKey ForFirewallMark(AddressFamily family, uint firewallMark)
    {
        CheckFamily(family);
        ArgumentOutOfRangeException.ThrowIfZero(firewallMark);
        return new IpvsServiceKey(family, IpvsProtocol.None, null, 0, firewallMark);
    }

    /// <summary>Like ipvsadm: <c>TCP 10.0.0.1:80</c>, <c>TCP [2001:db8::1]:80</c>, <c>FWM 7 IPv4</c>.</summary>
    public override string ToString()
    {
        if (IsFirewallMark)
        {
            return string.Create(CultureInfo.InvariantCulture, $"FWM {FirewallMark} {(Family == AddressFamily.InterNetwork ? "IPv4" : "IPv6")}");
        }

        string host = Family == AddressFamily.InterNetworkV6 ? $"[{Address}]" : Address!.ToString();
        return string.Create(CultureInfo.InvariantCulture, $"{Protocol.ToString().ToUpperInvariant()} {host}:{Port}");
    }

    internal static void CheckFamily(AddressFamily family)
    {
        if (family is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            throw new ArgumentException($"IPVS supports IPv4 and IPv6, not {family}.", nameof(family));
        }
    }
}
