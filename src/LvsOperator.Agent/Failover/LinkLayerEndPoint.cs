using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace LvsOperator.Agent.Failover;

/// <summary>
/// A <c>struct sockaddr_ll</c> (linux/if_packet.h) for AF_PACKET sends: the BCL has sockets of that family but no
/// end point for them. Only the fields a send reads: protocol, interface index, hardware address length.
/// </summary>
internal sealed class LinkLayerEndPoint(int interfaceIndex) : EndPoint
{
    // sll_family(2) sll_protocol(2) sll_ifindex(4) sll_hatype(2) sll_pkttype(1) sll_halen(1) sll_addr(8)
    private const int Size = 20;
    private const int EthernetAddressLength = 6;

    public override AddressFamily AddressFamily => AddressFamily.Packet;

    public override SocketAddress Serialize()
    {
        var address = new SocketAddress(AddressFamily.Packet, Size);
        var bytes = address.Buffer.Span;
        BinaryPrimitives.WriteInt32LittleEndian(bytes[4..], interfaceIndex); // host order; Linux runs little-endian here
        bytes[11] = EthernetAddressLength;
        return address;
    }

    public override EndPoint Create(SocketAddress socketAddress) => this;
}
