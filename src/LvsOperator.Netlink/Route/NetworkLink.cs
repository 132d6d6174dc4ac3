namespace LvsOperator.Netlink.Route;

/// <summary>A network interface, from an <c>RTM_NEWLINK</c> reply.</summary>
/// <param name="Index"><c>ifi_index</c>.</param>
/// <param name="Name"><c>IFLA_IFNAME</c>.</param>
/// <param name="Flags"><c>ifi_flags</c> (<c>IFF_*</c>).</param>
/// <param name="Mtu"><c>IFLA_MTU</c>, 0 if absent.</param>
/// <param name="Kind"><c>IFLA_INFO_KIND</c> in <c>IFLA_LINKINFO</c> (<c>dummy</c>, <c>veth</c>, <c>ipip</c>...), null for physical/loopback.</param>
public sealed record NetworkLink(int Index, string Name, uint Flags, uint Mtu, string? Kind)
{
    /// <summary>Administratively up (<c>IFF_UP</c>).</summary>
    public bool IsUp => (Flags & RouteNetlink.IFF_UP) != 0;
}
