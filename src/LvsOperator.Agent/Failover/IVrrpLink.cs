using System.Collections.Immutable;
using System.Net;
using LvsOperator.Vrrp.Wire;

namespace LvsOperator.Agent.Failover;

/// <summary>One family's VRRP traffic on one interface: advertisements in and out, and the new master's announcements.</summary>
internal interface IVrrpLink : IDisposable
{
    /// <summary>The address advertisements come from: the interface's primary IPv4 or its IPv6 link-local address.</summary>
    IPAddress PrimaryAddress { get; }

    /// <summary>
    /// Blocks the calling thread until a packet waits in the receive queue or <paramref name="timeout"/> passes;
    /// true when one waits (at once, whatever the timeout, if one already did).
    /// </summary>
    bool WaitForPacket(TimeSpan timeout);

    /// <summary>
    /// The packet <see cref="WaitForPacket"/> saw: its payload (valid until the next call) and the IP facts
    /// RFC 5798 §7.1 checks.
    /// </summary>
    (ReadOnlyMemory<byte> Payload, VrrpIpHeader Header) Receive();

    /// <summary>One advertisement; called for every one a master sends, so it must not allocate.</summary>
    void Send(IPAddress destination, ReadOnlyMemory<byte> payload);

    /// <summary>Gratuitous ARPs or unsolicited neighbour advertisements, <paramref name="count"/> per address.</summary>
    void Announce(ImmutableArray<IPAddress> addresses, int count);
}
