using System.Globalization;
using System.Net;
using System.Net.Sockets;
using LvsOperator.Netlink.Ipvs;

namespace LvsOperator.Cli.List;

/// <summary>
/// The pieces of text <c>ipvsadm -L -n</c> (1.31) builds its lines from, each as ipvsadm.c writes it,
/// checked against ipvsadm's own output in the kernel lab.
/// </summary>
internal static class IpvsadmText
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>
    /// ipvsadm's <c>print_largenum</c>: nine columns, the exact number below 100 million, then
    /// thousands (K) below a billion, millions (M) below 100 billion, billions (G) below 100 trillion,
    /// trillions (T) above; always truncated, never rounded.
    /// </summary>
    public static string LargeNumber(ulong value) => value switch
    {
        < 100_000_000UL => Right(value, 9),
        < 1_000_000_000UL => Right(value / 1_000UL, 8) + "K",
        < 100_000_000_000UL => Right(value / 1_000_000UL, 8) + "M",
        < 100_000_000_000_000UL => Right(value / 1_000_000_000UL, 8) + "G",
        _ => Right(value / 1_000_000_000_000UL, 8) + "T",
    };

    /// <summary><c>printf("%-Nu")</c>: the number, left-aligned and padded with spaces to <paramref name="width"/>.</summary>
    public static string Left(long value, int width) => value.ToString(Invariant).PadRight(width);

    /// <summary><c>printf("%Nu")</c>: the number, right-aligned in <paramref name="width"/>.</summary>
    public static string Right(ulong value, int width) => value.ToString(Invariant).PadLeft(width);

    /// <summary><c>addrport_to_anyname</c> with <c>-n</c>: <c>10.0.0.1:80</c>, <c>[2001:db8::1]:80</c> (inet_ntop's compressed form).</summary>
    public static string Endpoint(IPAddress address, ushort port) => address.AddressFamily == AddressFamily.InterNetworkV6
        ? string.Create(Invariant, $"[{address}]:{port}")
        : string.Create(Invariant, $"{address}:{port}");

    /// <summary>The service column: <c>TCP  10.0.0.1:80</c> (two spaces), <c>SCTP 10.0.0.1:80</c>, <c>FWM  7</c>, <c>FWM  7 IPv6</c>.</summary>
    public static string ServiceName(IpvsServiceKey key)
    {
        if (key.IsFirewallMark)
        {
            var name = string.Create(Invariant, $"FWM  {key.FirewallMark}");
            return key.Family == AddressFamily.InterNetworkV6 ? name + " IPv6" : name;
        }

        var protocol = key.Protocol switch
        {
            IpvsProtocol.Tcp => "TCP ",
            IpvsProtocol.Udp => "UDP ",
            _ => "SCTP",
        };
        return $"{protocol} {Endpoint(key.Address!, key.Port)}";
    }

    /// <summary><c>fwd_name</c>: the Forward column.</summary>
    public static string ForwardingName(IpvsForwardingMethod method) => method switch
    {
        IpvsForwardingMethod.Masquerade => "Masq",
        IpvsForwardingMethod.LocalNode => "Local",
        IpvsForwardingMethod.Tunnel => "Tunnel",
        _ => "Route",
    };

    /// <summary>
    /// What follows the scheduler on a service line: <c> (sh-fallback,sh-port)</c>, <c> persistent 60</c>,
    /// <c> mask 255.255.255.0</c> (IPv4) or <c> mask 64</c> (IPv6) when not a host mask, <c> pe sip</c>, <c> ops</c>.
    /// </summary>
    public static string ServiceFlags(IpvsService service)
    {
        var text = new System.Text.StringBuilder();
        var schedulerFlags = SchedulerFlags(service.Scheduler, service.Flags);
        if (schedulerFlags.Length > 0) text.Append(" (").Append(schedulerFlags).Append(')');
        if (service.Flags.HasFlag(IpvsServiceFlags.Persistent))
        {
            text.Append(Invariant, $" persistent {service.PersistenceTimeout}");
            if (service.Key.Family == AddressFamily.InterNetworkV6)
            {
                if (service.Netmask != 128) text.Append(Invariant, $" mask {service.Netmask}");
            }
            else if (service.Netmask != uint.MaxValue)
            {
                text.Append(" mask ").Append(DottedMask(service.Netmask));
            }

            if (!string.IsNullOrEmpty(service.PersistenceEngine)) text.Append(" pe ").Append(service.PersistenceEngine);
        }

        if (service.Flags.HasFlag(IpvsServiceFlags.OnePacket)) text.Append(" ops");
        return text.ToString();
    }

    /// <summary>
    /// <c>print_sched_flags</c>: the scheduler's own names for sh and mh (<c>IP_VS_SVC_F_SCHED_SH_*</c>,
    /// ip_vs_mh.c), <c>flag-1..3</c> for any other scheduler; empty when none is set.
    /// </summary>
    public static string SchedulerFlags(string scheduler, IpvsServiceFlags flags)
    {
        var (first, second) = scheduler switch
        {
            "sh" => ("sh-fallback", "sh-port"),
            "mh" => ("mh-fallback", "mh-port"),
            _ => ("flag-1", "flag-2"),
        };
        var names = new List<string>(3);
        if (flags.HasFlag(IpvsServiceFlags.Scheduler1)) names.Add(first);
        if (flags.HasFlag(IpvsServiceFlags.Scheduler2)) names.Add(second);
        if (flags.HasFlag(IpvsServiceFlags.Scheduler3)) names.Add("flag-3");
        return string.Join(',', names);
    }

    /// <summary><c>inet_ntoa</c> of an IPv4 netmask held as a number (0xFFFFFF00 is 255.255.255.0).</summary>
    public static string DottedMask(uint mask) => string.Create(Invariant, $"{mask >> 24}.{(mask >> 16) & 0xFF}.{(mask >> 8) & 0xFF}.{mask & 0xFF}");

    /// <summary>The <c>-c</c> expire column: minutes and seconds, at least two digits each (<c>%02d:%02d</c>).</summary>
    public static string Expires(uint seconds) => string.Create(Invariant, $"{seconds / 60:D2}:{seconds % 60:D2}");
}
