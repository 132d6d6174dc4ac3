using System.Collections.Immutable;
using System.Net;
using LvsOperator.Vrrp.Wire;

namespace LvsOperator.Agent.Failover;

/// <summary>One family's VRRP traffic on one interface: advertisements in and out, and the new master's announcements.</summary>
internal interface IVrrpLink : IDisposable
{
    /// <summary>The address advertisements come from: the interface's primary IPv4 or its IPv6 link-local address.</summary>
    IPAddress PrimaryAddress { get; }

    /// <summary>The next VRRP packet: its payload and the IP facts RFC 5798 §7.1 checks.</summary>
    ValueTask<(ReadOnlyMemory<byte> Payload, VrrpIpHeader Header)> ReceiveAsync(CancellationToken cancellationToken);

    /// <summary>A packet waits in the receive queue: it arrived before now, whether or not a receive has taken it yet.</summary>
    bool HasPending { get; }

    void Send(IPAddress destination, ReadOnlyMemory<byte> payload);

    /// <summary>Gratuitous ARPs or unsolicited neighbour advertisements, <paramref name="count"/> per address.</summary>
    void Announce(ImmutableArray<IPAddress> addresses, int count);
}
