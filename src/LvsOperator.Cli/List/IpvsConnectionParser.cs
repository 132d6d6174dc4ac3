using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace LvsOperator.Cli.List;

/// <summary>
/// Reads the kernel's <c>/proc/net/ip_vs_conn</c> (net/netfilter/ipvs/ip_vs_conn.c,
/// <c>ip_vs_conn_seq_show</c>). After the title line <c>Pro FromIP FPrt ToIP TPrt DestIP DPrt State
/// Expires PEName PEData</c>, each line is
/// <c>"%-3s %08X %04X %08X %04X %s %04X %-11s %7u%s"</c>: protocol name, client, virtual and
/// destination address and port, state, seconds to expiry, then <c>" PENAME PEDATA"</c> when the
/// service has a persistence engine. IPv4 addresses are 8 hex digits of the address in host order
/// (<c>ntohl</c>: C0000201 is 192.0.2.1), ports 4 hex digits; IPv6 addresses are <c>%pI6</c>, the full
/// colon form without compression (2001:0db8:0000:...:0001). The destination's family may differ
/// from the client's (an IPv4 service with an IPv6 tunnel destination). A line that does not read
/// so is counted, not guessed at.
/// </summary>
internal static class IpvsConnectionParser
{
    public static IpvsConnectionTable Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var connections = new List<IpvsConnection>();
        var unreadable = 0;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (string.IsNullOrWhiteSpace(line) || line.StartsWith("Pro ", StringComparison.Ordinal)) continue;
            if (TryParseLine(line, out var connection)) connections.Add(connection);
            else unreadable++;
        }

        return new IpvsConnectionTable(connections, unreadable);
    }

    public static bool TryParseLine(string line, [NotNullWhen(true)] out IpvsConnection? connection)
    {
        ArgumentNullException.ThrowIfNull(line);
        connection = null;
        var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 9
            || !TryAddress(fields[1], out var client) || !TryPort(fields[2], out var clientPort)
            || !TryAddress(fields[3], out var virtualAddress) || !TryPort(fields[4], out var virtualPort)
            || client.AddressFamily != virtualAddress.AddressFamily
            || !TryAddress(fields[5], out var destination) || !TryPort(fields[6], out var destinationPort)
            || !uint.TryParse(fields[8], NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
        {
            return false;
        }

        // Like ipvsadm's sscanf, the engine columns count only when both are there.
        var engine = fields.Length >= 11 ? fields[9] : null;
        var data = fields.Length >= 11 ? fields[10] : null;
        connection = new IpvsConnection(fields[0], client, clientPort, virtualAddress, virtualPort, destination, destinationPort,
            fields[7], expires, engine, data);
        return true;
    }

    /// <summary><c>%08X</c> of the host-order IPv4 address, or <c>%pI6</c>.</summary>
    private static bool TryAddress(string field, [NotNullWhen(true)] out IPAddress? address)
    {
        address = null;
        if (field.Contains(':', StringComparison.Ordinal))
        {
            return IPAddress.TryParse(field, out address) && address.AddressFamily == AddressFamily.InterNetworkV6;
        }

        if (field.Length != 8 || !uint.TryParse(field, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)) return false;
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        address = new IPAddress(bytes);
        return true;
    }

    /// <summary><c>%04X</c> of the host-order port.</summary>
    private static bool TryPort(string field, out ushort port) =>
        ushort.TryParse(field, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out port) && field.Length == 4;
}
