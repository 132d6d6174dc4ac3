using System.Globalization;
using System.Text;
using LvsOperator.Netlink.Ipvs;
using static LvsOperator.Cli.List.IpvsadmText;

namespace LvsOperator.Cli.List;

/// <summary>
/// Prints an IPVS table line for line as <c>ipvsadm -L -n</c> 1.31 does (ipvsadm.c <c>list_all</c>,
/// <c>print_title</c>, <c>print_service_entry</c>), trailing spaces of its <c>%-10u</c> columns
/// included, in <see cref="ListOrder"/>. A service the agent owns, and each of its destinations, gets
/// <see cref="OwnedMark"/> at the end of its line, after ipvsadm's columns, so cutting the mark off gives
/// ipvsadm's line. Lines end in <c>\n</c>.
/// </summary>
internal static class IpvsTableFormatter
{
    /// <summary>Ends the line of a service in the agent's ledger and of each of its destinations.</summary>
    public const string OwnedMark = " [lvs]";

    private const string ServiceColumn = "Prot LocalAddress:Port";
    private const string DestinationColumn = "  -> RemoteAddress:Port";

    public static string Format(IpvsTableSnapshot table, ListView view)
    {
        ArgumentNullException.ThrowIfNull(table);
        var text = new StringBuilder();
        Line(text, string.Create(CultureInfo.InvariantCulture,
            $"IP Virtual Server version {table.Info.VersionNumber.Major}.{table.Info.VersionNumber.Minor}.{table.Info.VersionNumber.Build} (size={table.Info.ConnectionTableSize})"));
        foreach (var title in Titles(view)) Line(text, title);
        foreach (var listed in table.Services.OrderBy(s => s.Service.Key, ListOrder.Services))
        {
            var mark = listed.Owned ? OwnedMark : "";
            Line(text, ServiceLine(listed.Service, view) + mark);
            foreach (var destination in listed.Destinations.Order(ListOrder.Destinations))
                Line(text, DestinationLine(destination, view) + mark);
        }

        return text.ToString();
    }

    /// <summary><c>print_title</c>.</summary>
    public static IReadOnlyList<string> Titles(ListView view) => view switch
    {
        ListView.Stats => [Columns("Conns", "InPkts", "OutPkts", "InBytes", "OutBytes"), DestinationColumn],
        ListView.Rate => [Columns("CPS", "InPPS", "OutPPS", "InBPS", "OutBPS"), DestinationColumn],
        ListView.Thresholds => [$"{ServiceColumn,-33} {"Uthreshold",-10} {"Lthreshold",-10} {"ActiveConn",-10} {"InActConn",-10}", DestinationColumn],
        ListView.PersistentConnections => [$"{ServiceColumn,-33} {"Weight",-9} {"PersistConn",-11} {"ActiveConn",-10} {"InActConn",-10}", DestinationColumn],
        _ => [$"{ServiceColumn} Scheduler Flags", $"{DestinationColumn,-33} Forward Weight ActiveConn InActConn"],
    };

    /// <summary>The service half of <c>print_service_entry</c>.</summary>
    public static string ServiceLine(IpvsService service, ListView view)
    {
        ArgumentNullException.ThrowIfNull(service);
        var name = ServiceName(service.Key);
        var stats = service.Stats ?? IpvsStats.Zero;
        return view switch
        {
            ListView.Stats => name.PadRight(33) + Counters(stats),
            ListView.Rate => name.PadRight(33) + LargeNumber(stats.ConnectionsPerSecond) + LargeNumber(stats.InPacketsPerSecond)
                             + LargeNumber(stats.OutPacketsPerSecond) + LargeNumber(stats.InBytesPerSecond) + LargeNumber(stats.OutBytesPerSecond),
            _ => $"{name} {service.Scheduler}{ServiceFlags(service)}",
        };
    }

    /// <summary>A destination line of <c>print_service_entry</c>.</summary>
    public static string DestinationLine(IpvsDestination destination, ListView view)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var start = "  -> " + Endpoint(destination.Address, destination.Port).PadRight(28);
        var stats = destination.Stats ?? IpvsStats.Zero;
        var active = destination.ActiveConnections;
        var inactive = destination.InactiveConnections;
        return view switch
        {
            ListView.Stats => start + Counters(stats),
            // ipvsadm prints a destination's three small rates with %8 (never K/M/G), its byte rates with print_largenum.
            ListView.Rate => start + $" {Right(stats.ConnectionsPerSecond, 8)} {Right(stats.InPacketsPerSecond, 8)} {Right(stats.OutPacketsPerSecond, 8)}"
                             + LargeNumber(stats.InBytesPerSecond) + LargeNumber(stats.OutBytesPerSecond),
            ListView.Thresholds => $"{start} {Left(destination.UpperThreshold, 10)} {Left(destination.LowerThreshold, 10)} {Left(active, 10)} {Left(inactive, 10)}",
            ListView.PersistentConnections => $"{start} {Left(destination.Weight, 9)} {Left(destination.PersistentConnections, 11)} {Left(active, 10)} {Left(inactive, 10)}",
            _ => $"{start} {ForwardingName(destination.ForwardingMethod),-7} {Left(destination.Weight, 6)} {Left(active, 10)} {Left(inactive, 10)}",
        };
    }

    private static string Columns(string a, string b, string c, string d, string e) => $"{ServiceColumn,-33} {a,8} {b,8} {c,8} {d,8} {e,8}";

    private static string Counters(IpvsStats stats) => LargeNumber(stats.Connections) + LargeNumber(stats.InPackets)
                                                       + LargeNumber(stats.OutPackets) + LargeNumber(stats.InBytes) + LargeNumber(stats.OutBytes);

    private static void Line(StringBuilder text, string line) => text.Append(line).Append('\n');
}
