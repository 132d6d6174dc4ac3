using System.Text;
using static LvsOperator.Cli.List.IpvsadmText;

namespace LvsOperator.Cli.List;

/// <summary>
/// Prints connections as <c>ipvsadm -L -n -c</c> 1.31 does (ipvsadm.c <c>list_conn</c>, <c>print_conn</c>),
/// and with <c>persistentEngine</c> as <c>-c --persistent-conn</c>, which adds the engine's name and data
/// to connections that have them (with ipvsadm's widths: the row pads the destination to 16 and the
/// engine to 18, where the title pads them to 18 and 16). ipvsadm prints the kernel's hash order;
/// lvsctl sorts by virtual address and port, protocol, client address and port, destination, so a
/// listing reads the same way twice.
/// </summary>
internal static class IpvsConnectionFormatter
{
    public static string Format(IEnumerable<IpvsConnection> connections, bool persistenceEngine)
    {
        ArgumentNullException.ThrowIfNull(connections);
        var text = new StringBuilder();
        Line(text, "IPVS connection entries");
        Line(text, persistenceEngine
            ? $"pro expire {"state",-11} {"source",-18} {"virtual",-18} {"destination",-18} {"pe name",-16} pe_data"
            : $"pro expire {"state",-11} {"source",-18} {"virtual",-18} destination");
        foreach (var c in connections.Order(Order))
        {
            var start = $"{c.Protocol,-3} {Expires(c.ExpiresSeconds),-6} {c.State,-11} {Endpoint(c.ClientAddress, c.ClientPort),-18} {Endpoint(c.VirtualAddress, c.VirtualPort),-18}";
            var destination = Endpoint(c.DestinationAddress, c.DestinationPort);
            Line(text, persistenceEngine && c.PersistenceEngine is not null
                ? $"{start} {destination,-16} {c.PersistenceEngine,-18} {c.PersistenceData}"
                : $"{start} {destination}");
        }

        return text.ToString();
    }

    private static IComparer<IpvsConnection> Order { get; } = Comparer<IpvsConnection>.Create((a, b) =>
    {
        var order = ListOrder.CompareEndpoints(a.VirtualAddress, a.VirtualPort, b.VirtualAddress, b.VirtualPort);
        if (order == 0) order = string.CompareOrdinal(a.Protocol, b.Protocol);
        if (order == 0) order = ListOrder.CompareEndpoints(a.ClientAddress, a.ClientPort, b.ClientAddress, b.ClientPort);
        if (order == 0) order = ListOrder.CompareEndpoints(a.DestinationAddress, a.DestinationPort, b.DestinationAddress, b.DestinationPort);
        if (order == 0) order = string.CompareOrdinal(a.State, b.State);
        return order != 0 ? order : a.ExpiresSeconds.CompareTo(b.ExpiresSeconds);
    });

    private static void Line(StringBuilder text, string line) => text.Append(line).Append('\n');
}
