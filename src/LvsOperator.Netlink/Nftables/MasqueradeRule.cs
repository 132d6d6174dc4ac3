using System.Net;
using System.Net.Sockets;

namespace LvsOperator.Netlink.Nftables;

/// <summary>
/// A source-NAT rule for one IPVS service: masquerade the first packet of a connection that IPVS NAT-ed to
/// a real server of the service, and nothing else. <see cref="Comment"/> names the service; it is how a
/// later read tells which service a rule is for.
/// </summary>
/// <remarks>
/// A service on a VIP: the connection's original destination is the VIP, port and protocol
/// (<c>ct original ip daddr</c>, <c>ct original proto-dst</c>, <c>meta l4proto</c>), and the packet's
/// destination is no longer the VIP (<c>ip daddr != VIP</c>): DR packets keep the VIP as destination and
/// must not be masqueraded. A firewall-mark service has no single VIP: its packet carries the mark, and its
/// destination is no longer local (<c>fib daddr type != local</c>), since the marked packets were bound for
/// the director's own addresses before IPVS took them.
/// </remarks>
public sealed record MasqueradeRule
{
    private MasqueradeRule(string comment, AddressFamily family)
    {
        ArgumentException.ThrowIfNullOrEmpty(comment);
        if (System.Text.Encoding.UTF8.GetByteCount(comment) + 1 > NftablesNetlink.CommentMaxBytes || comment.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"A rule comment is at most {NftablesNetlink.CommentMaxBytes - 1} bytes, without nul.", nameof(comment));
        }

        if (family is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            throw new ArgumentOutOfRangeException(nameof(family), family, "IPv4 or IPv6");
        }

        (Comment, Family) = (comment, family);
    }

    public string Comment { get; }
    public AddressFamily Family { get; }

    /// <summary>IPPROTO_TCP, IPPROTO_UDP or IPPROTO_SCTP; 0 for a firewall-mark service.</summary>
    public byte Protocol { get; private init; }

    public IPAddress? VirtualAddress { get; private init; }

    /// <summary>0: every port (a service on port 0, ipvsadm's <c>-p</c> with port 0).</summary>
    public ushort Port { get; private init; }

    public uint? Mark { get; private init; }

    public static MasqueradeRule ForVirtualAddress(string comment, byte protocol, IPAddress address, ushort port)
    {
        ArgumentNullException.ThrowIfNull(address);
        return new MasqueradeRule(comment, address.AddressFamily) { Protocol = protocol, VirtualAddress = address, Port = port };
    }

    public static MasqueradeRule ForFirewallMark(string comment, AddressFamily family, uint mark) =>
        new(comment, family) { Mark = mark };
}
