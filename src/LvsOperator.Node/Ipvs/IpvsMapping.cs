using System.Collections.Immutable;
using System.Net.Sockets;
using LvsOperator.Core.Kernel;
using LvsOperator.Core.Resources;
using Nl = LvsOperator.Netlink.Ipvs;

namespace LvsOperator.Node.Ipvs;

/// <summary>Translates between the planner's kernel model and the netlink IPVS records, both ways.</summary>
public static class IpvsMapping
{
    public static Nl.IpvsServiceKey ToNetlink(ServiceKey key) => key switch
    {
        VirtualAddressKey v => Nl.IpvsServiceKey.ForAddress(ToNetlink(v.Protocol), v.Address, v.Port),
        FirewallMarkKey f => Nl.IpvsServiceKey.ForFirewallMark(f.AddressFamily, f.Mark),
        _ => throw new ArgumentOutOfRangeException(nameof(key)),
    };

    /// <returns>Null for a service LvsOperator cannot describe (another protocol), which it then never touches.</returns>
    public static ServiceKey? FromNetlink(Nl.IpvsServiceKey key)
    {
        if (key.IsFirewallMark) return new FirewallMarkKey(key.FirewallMark, key.Family);
        Protocol? protocol = key.Protocol switch
        {
            Nl.IpvsProtocol.Tcp => Protocol.Tcp,
            Nl.IpvsProtocol.Udp => Protocol.Udp,
            Nl.IpvsProtocol.Sctp => Protocol.Sctp,
            _ => null,
        };
        return protocol is { } p ? new VirtualAddressKey(p, key.Address!, key.Port) : null;
    }

    public static Nl.IpvsService ToNetlink(IpvsService service) => new(ToNetlink(service.Key))
    {
        Scheduler = service.Scheduler,
        Flags = (Nl.IpvsServiceFlags)(uint)service.Flags,
        PersistenceTimeout = service.PersistenceTimeoutSeconds,
        Netmask = NetmaskOf(service.PersistencePrefixLength, service.Key.Family),
        PersistenceEngine = service.PersistenceEngine,
    };

    public static IpvsService? FromNetlink(Nl.IpvsService service) => FromNetlink(service.Key) is { } key
        ? new IpvsService(
            key, service.Scheduler,
            (ServiceFlags)((uint)service.Flags & (uint)(ServiceFlags.Persistent | ServiceFlags.OnePacket | ServiceFlags.Sched1 | ServiceFlags.Sched2 | ServiceFlags.Sched3)),
            service.PersistenceTimeout, PrefixOf(service.Netmask, key.Family),
            string.IsNullOrEmpty(service.PersistenceEngine) ? null : service.PersistenceEngine)
        : null;

    public static Nl.IpvsDestination ToNetlink(IpvsDestination destination) => new(destination.Key.Address, destination.Key.Port)
    {
        ForwardingMethod = destination.Method switch
        {
            ForwardingMethod.Masquerade => Nl.IpvsForwardingMethod.Masquerade,
            ForwardingMethod.Tunnel => Nl.IpvsForwardingMethod.Tunnel,
            _ => Nl.IpvsForwardingMethod.DirectRoute,
        },
        Weight = destination.Weight,
        UpperThreshold = destination.UpperThreshold,
        LowerThreshold = destination.LowerThreshold,
        TunnelType = (Nl.IpvsTunnelType)(byte)destination.TunnelType,
        TunnelPort = destination.TunnelPort,
        TunnelFlags = destination.TunnelChecksum switch
        {
            TunnelChecksum.Checksum => Nl.IpvsTunnelFlags.Checksum,
            TunnelChecksum.Remote => Nl.IpvsTunnelFlags.RemoteChecksum,
            _ => Nl.IpvsTunnelFlags.None,
        },
    };

    public static ObservedDestination FromNetlink(Nl.IpvsDestination destination) => new(
        new IpvsDestination(
            new DestinationKey(destination.Address, destination.Port),
            destination.ForwardingMethod switch
            {
                Nl.IpvsForwardingMethod.Masquerade => ForwardingMethod.Masquerade,
                Nl.IpvsForwardingMethod.Tunnel => ForwardingMethod.Tunnel,
                _ => ForwardingMethod.DirectRouting,
            },
            destination.Weight, destination.UpperThreshold, destination.LowerThreshold,
            (TunnelType)(byte)destination.TunnelType, destination.TunnelPort,
            destination.TunnelFlags switch
            {
                Nl.IpvsTunnelFlags.Checksum => TunnelChecksum.Checksum,
                Nl.IpvsTunnelFlags.RemoteChecksum => TunnelChecksum.Remote,
                _ => TunnelChecksum.None,
            }),
        destination.ActiveConnections, destination.InactiveConnections);

    /// <summary>The service with its destinations, as a dump shows them.</summary>
    public static ObservedService? FromNetlink(Nl.IpvsService service, IEnumerable<Nl.IpvsDestination> destinations) =>
        FromNetlink(service) is { } mapped
            ? FromDump(mapped, destinations.Select(FromNetlink).ToList())
            : null;

    private static ObservedService FromDump(IpvsService service, List<ObservedDestination> destinations) =>
        new(service, destinations.ToImmutableDictionary(d => d.Destination.Key))
        {
            Order = [.. destinations.Select(d => d.Destination.Key)],
        };

    /// <summary>The IPPROTO_* number (IPVS uses the IP protocol numbers).</summary>
    internal static Nl.IpvsProtocol ToNetlink(Protocol protocol) => protocol switch
    {
        Protocol.Tcp => Nl.IpvsProtocol.Tcp,
        Protocol.Udp => Nl.IpvsProtocol.Udp,
        _ => Nl.IpvsProtocol.Sctp,
    };

    /// <summary>ip_vs_ctl.c: an IPv4 service's netmask is a mask (host order here; the codec writes it big-endian), an IPv6 one's a prefix length.</summary>
    private static uint NetmaskOf(int prefixLength, AddressFamily family) =>
        family == AddressFamily.InterNetworkV6 ? (uint)prefixLength : prefixLength == 0 ? 0u : uint.MaxValue << (32 - prefixLength);

    private static int PrefixOf(uint netmask, AddressFamily family) =>
        family == AddressFamily.InterNetworkV6
            ? (int)netmask
            : System.Numerics.BitOperations.PopCount(netmask);
}
