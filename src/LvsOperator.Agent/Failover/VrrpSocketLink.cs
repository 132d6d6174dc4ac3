using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text;
using LvsOperator.Netlink.Sockets;
using LvsOperator.Vrrp.Announcements;
using LvsOperator.Vrrp.Wire;

namespace LvsOperator.Agent.Failover;

/// <summary>
/// VRRP over raw IP sockets (protocol 112) on one interface, as keepalived does it: a receiving socket joined to
/// 224.0.0.18 / ff02::12 and a sending one bound to the primary address (a bound raw socket would only see
/// packets to that address), TTL / hop limit 255, no multicast loop; announcements through an AF_PACKET socket,
/// since the VIPs live on a dummy link that answers no ARP.
/// </summary>
internal sealed class VrrpSocketLink : IVrrpLink
{
    public const ProtocolType Vrrp = (ProtocolType)112;

    // Not in the BCL's SocketOptionName: asm-generic/socket.h, linux/in.h, linux/in6.h.
    private const int SolSocket = 1;
    private const int SoBindToDevice = 25;
    private const int IpProtoIpv6 = 41;
    private const int Ipv6MinHopCount = 73;
    private const int IpProtoIp = 0;
    private const int IpMinTtl = 21;

    private readonly Socket _receive;
    private readonly Socket _send;
    private readonly Socket _announce;
    private readonly PhysicalAddress _mac;
    private readonly LinkLayerEndPoint _link;
    private readonly int _index;
    private readonly byte[] _buffer = new byte[2048];
    private ImmutableArray<(IPAddress Address, SocketAddress SocketAddress)> _destinations = [];

    private VrrpSocketLink(NetworkInterface nic, AddressFamily family, IPAddress primary, bool multicast)
    {
        var v6 = family == AddressFamily.InterNetworkV6;
        _index = v6 ? nic.GetIPProperties().GetIPv6Properties().Index : nic.GetIPProperties().GetIPv4Properties().Index;
        _mac = nic.GetPhysicalAddress();
        _link = new LinkLayerEndPoint(_index);
        PrimaryAddress = primary;
        var level = v6 ? SocketOptionLevel.IPv6 : SocketOptionLevel.IP;
        var device = Encoding.ASCII.GetBytes(nic.Name + "\0");

        _receive = RawIpSocket.Open(family, (int)Vrrp);
        _receive.SetRawSocketOption(SolSocket, SoBindToDevice, device);
        if (multicast)
        {
            // RFC 5798 §7.1: a multicast advertisement not sent with TTL 255 came from off the link; the kernel drops it.
            if (v6) _receive.SetRawSocketOption(IpProtoIpv6, Ipv6MinHopCount, BitConverter.GetBytes(255));
            else _receive.SetRawSocketOption(IpProtoIp, IpMinTtl, BitConverter.GetBytes(255));
            if (v6) _receive.SetSocketOption(level, SocketOptionName.AddMembership, new IPv6MulticastOption(VrrpPacket.Ipv6Group, _index));
            else _receive.SetSocketOption(level, SocketOptionName.AddMembership, new MulticastOption(VrrpPacket.Ipv4Group, _index));
        }

        if (v6) _receive.SetSocketOption(level, SocketOptionName.PacketInformation, true);

        _send = RawIpSocket.Open(family, (int)Vrrp);
        _send.SetRawSocketOption(SolSocket, SoBindToDevice, device);
        _send.Bind(new IPEndPoint(primary, 0));
        _send.ReceiveBufferSize = 0; // bound to send only: what arrives for the primary address is the other socket's
        _send.SetSocketOption(level, SocketOptionName.MulticastTimeToLive, 255);
        _send.SetSocketOption(level, SocketOptionName.IpTimeToLive, 255);
        _send.SetSocketOption(level, SocketOptionName.MulticastLoopback, false);
        if (v6) _send.SetSocketOption(level, SocketOptionName.MulticastInterface, _index);
        else _send.SetSocketOption(level, SocketOptionName.MulticastInterface, IPAddress.HostToNetworkOrder(_index));

        _announce = new Socket(AddressFamily.Packet, SocketType.Raw, ProtocolType.IP);
    }

    public IPAddress PrimaryAddress { get; }

    /// <summary>Opens the link on <paramref name="interfaceName"/>; its primary IPv4 address or IPv6 link-local address sends.</summary>
    /// <exception cref="InvalidOperationException">No such interface, or it has no address of the family.</exception>
    public static VrrpSocketLink Open(string interfaceName, AddressFamily family, bool multicast)
    {
        var nic = NetworkInterface.GetAllNetworkInterfaces().FirstOrDefault(n => n.Name == interfaceName)
                  ?? throw new InvalidOperationException($"no interface {interfaceName}");
        return new VrrpSocketLink(nic, family, PrimaryOf(nic, family) ?? throw new InvalidOperationException(
            $"{interfaceName} has no {(family == AddressFamily.InterNetworkV6 ? "IPv6 link-local" : "IPv4")} address"), multicast);
    }

    /// <summary>The address VRRP sends from (RFC 5798 §5.1.1.1, §5.1.2.1).</summary>
    public static IPAddress? PrimaryOf(NetworkInterface nic, AddressFamily family) =>
        nic.GetIPProperties().UnicastAddresses.Select(u => u.Address)
            .FirstOrDefault(a => a.AddressFamily == family && (family == AddressFamily.InterNetwork || a.IsIPv6LinkLocal));

    public bool WaitForPacket(TimeSpan timeout) => _receive.Poll(timeout, SelectMode.SelectRead);

    public (ReadOnlyMemory<byte> Payload, VrrpIpHeader Header) Receive()
    {
        if (PrimaryAddress.AddressFamily == AddressFamily.InterNetwork)
        {
            // An IPv4 raw socket hands over the IP header: TTL, protocol, source and destination are read from it.
            var length = _receive.Receive(_buffer);
            var headerLength = (_buffer[0] & 0x0F) * 4;
            var total = Math.Min(length, BinaryPrimitives.ReadUInt16BigEndian(_buffer.AsSpan(2)));
            var header = new VrrpIpHeader(new IPAddress(_buffer.AsSpan(12, 4)), new IPAddress(_buffer.AsSpan(16, 4)), _buffer[9], _buffer[8]);
            return (_buffer.AsMemory(headerLength, total - headerLength), header);
        }

        var flags = SocketFlags.None;
        EndPoint from = new IPEndPoint(IPAddress.IPv6Any, 0);
        var received = _receive.ReceiveMessageFrom(_buffer, 0, _buffer.Length, ref flags, ref from, out var information);
        var source = ((IPEndPoint)from).Address;
        source.ScopeId = 0;
        // The hop limit is not handed over by the BCL; for multicast the kernel already dropped anything below 255
        // (IPV6_MINHOPCOUNT), and for unicast peers the check is skipped, as keepalived skips it.
        return (_buffer.AsMemory(0, received), new VrrpIpHeader(source, information.Address, (byte)Vrrp, 255));
    }

    public void Send(IPAddress destination, ReadOnlyMemory<byte> payload) =>
        _send.SendTo(payload.Span, SocketFlags.None, AddressOf(destination));

    // The destinations are the group or the unicast peers, the same few on every advertisement: each one's
    // sockaddr is made once, so a send allocates nothing (an IPEndPoint per call would be garbage every 100 ms).
    private SocketAddress AddressOf(IPAddress destination)
    {
        foreach (var (address, socketAddress) in _destinations)
        {
            if (ReferenceEquals(address, destination) || address.Equals(destination)) return socketAddress;
        }

        var to = destination.AddressFamily == AddressFamily.InterNetworkV6 && (destination.IsIPv6LinkLocal || destination.IsIPv6Multicast)
            ? new IPAddress(destination.GetAddressBytes(), _index)
            : destination;
        var made = new IPEndPoint(to, 0).Serialize();
        _destinations = _destinations.Add((destination, made));
        return made;
    }

    public void Announce(ImmutableArray<IPAddress> addresses, int count)
    {
        for (var i = 0; i < count; i++)
        {
            foreach (var address in addresses)
            {
                var frame = address.AddressFamily == AddressFamily.InterNetwork
                    ? GratuitousArp.Build(_mac, address)
                    : UnsolicitedNeighborAdvertisement.Build(_mac, address, router: false);
                _announce.SendTo(frame, _link);
            }
        }
    }

    public void Dispose()
    {
        _receive.Dispose();
        _send.Dispose();
        _announce.Dispose();
    }
}
