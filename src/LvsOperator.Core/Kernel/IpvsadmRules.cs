using System.Net;
using System.Net.Sockets;
using LvsOperator.Core.Resources;

namespace LvsOperator.Core.Kernel;

/// <summary>
/// Writes services and destinations as <c>ipvsadm -S -n</c> would, so <c>ipvsadm -R</c> accepts the output
/// unchanged and an admin reads familiar rules.
/// </summary>
public static class IpvsadmRules
{
    public static IEnumerable<string> Format(IEnumerable<DesiredService> services)
    {
        foreach (var service in services.OrderBy(s => s.Service.Key))
        {
            yield return AddService(service.Service);
            foreach (var destination in service.Destinations.Values.OrderBy(d => d.Key))
                yield return AddDestination(service.Service.Key, destination);
        }
    }

    public static string AddService(IpvsService service)
    {
        var rule = $"-A {Target(service.Key)} -s {service.Scheduler}";
        var schedulerFlags = SchedulerFlags(service);
        if (schedulerFlags.Length > 0) rule += $" -b {schedulerFlags}";
        if (service.IsPersistent)
        {
            rule += $" -p {service.PersistenceTimeoutSeconds}";
            if (service.PersistencePrefixLength != Endpoints.HostPrefix(service.Key.Family)) rule += $" -M {Netmask(service)}";
            if (!string.IsNullOrEmpty(service.PersistenceEngine)) rule += $" --pe {service.PersistenceEngine}";
        }

        if (service.Flags.HasFlag(ServiceFlags.OnePacket)) rule += " -o";
        return rule;
    }

    public static string AddDestination(ServiceKey service, IpvsDestination destination)
    {
        var rule = $"-a {Target(service)} -r {destination.Key} {MethodSwitch(destination.Method)} -w {destination.Weight}";
        if (destination.UpperThreshold != 0) rule += $" -x {destination.UpperThreshold}";
        if (destination.LowerThreshold != 0) rule += $" -y {destination.LowerThreshold}";
        if (destination.Method != ForwardingMethod.Tunnel || destination.TunnelType == TunnelType.IpIp) return rule;

        rule += $" --tun-type {(destination.TunnelType == TunnelType.Gue ? "gue" : "gre")}";
        if (destination.TunnelType == TunnelType.Gue) rule += $" --tun-port {destination.TunnelPort}";
        return rule + destination.TunnelChecksum switch
        {
            TunnelChecksum.Checksum => " --tun-csum",
            TunnelChecksum.Remote => " --tun-remcsum",
            _ => " --tun-nocsum",
        };
    }

    /// <summary>The service as ipvsadm names it: <c>-t 192.0.2.1:80</c>, <c>--sctp-service [2001:db8::1]:80</c>, <c>-f 1 -6</c>.</summary>
    public static string Target(ServiceKey key) => key switch
    {
        VirtualAddressKey v => $"{ProtocolSwitch(v.Protocol)} {Endpoints.Format(v.Address, v.Port)}",
        FirewallMarkKey f => f.Family == AddressFamily.InterNetworkV6 ? $"-f {f.Mark} -6" : $"-f {f.Mark}",
        _ => throw new ArgumentOutOfRangeException(nameof(key)),
    };

    private static string ProtocolSwitch(Protocol protocol) => protocol switch
    {
        Protocol.Tcp => "-t",
        Protocol.Udp => "-u",
        _ => "--sctp-service",
    };

    private static string MethodSwitch(ForwardingMethod method) => method switch
    {
        ForwardingMethod.DirectRouting => "-g",
        ForwardingMethod.Masquerade => "-m",
        _ => "-i",
    };

    /// <summary>ipvsadm names the scheduler's flag bits after the scheduler: sh-port for sh, mh-port for mh.</summary>
    private static string SchedulerFlags(IpvsService service)
    {
        var prefix = service.Scheduler is "sh" or "mh" ? service.Scheduler : "flag";
        var names = new List<string>();
        if (service.Flags.HasFlag(ServiceFlags.Sched1)) names.Add(prefix == "flag" ? "flag-1" : $"{prefix}-fallback");
        if (service.Flags.HasFlag(ServiceFlags.Sched2)) names.Add(prefix == "flag" ? "flag-2" : $"{prefix}-port");
        if (service.Flags.HasFlag(ServiceFlags.Sched3)) names.Add("flag-3");
        return string.Join(',', names);
    }

    /// <summary>ipvsadm takes a dotted mask for IPv4 and a prefix length for IPv6.</summary>
    private static string Netmask(IpvsService service)
    {
        var prefix = service.PersistencePrefixLength;
        if (service.Key.Family == AddressFamily.InterNetworkV6) return prefix.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var mask = prefix == 0 ? 0u : uint.MaxValue << (32 - prefix);
        return new IPAddress([(byte)(mask >> 24), (byte)(mask >> 16), (byte)(mask >> 8), (byte)mask]).ToString();
    }
}
