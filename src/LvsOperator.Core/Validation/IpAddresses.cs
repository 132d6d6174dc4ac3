using System.Net;
using System.Net.Sockets;

namespace LvsOperator.Core.Validation;

/// <summary>
/// Address parsing as strict as the API server's CEL <c>isIP()</c>: dotted-quad IPv4 without leading
/// zeros or shorthand (<see cref="IPAddress.TryParse(string, out IPAddress)"/> would take "1" or "010.0.0.1"),
/// IPv6 without a zone and not IPv4-mapped.
/// </summary>
public static class IpAddresses
{
    public static bool IsValid(string? text) => TryParse(text, out _);

    public static bool TryParse(string? text, out IPAddress address)
    {
        address = IPAddress.None;
        if (string.IsNullOrEmpty(text) || !IPAddress.TryParse(text, out var parsed)) return false;
        var valid = parsed.AddressFamily switch
        {
            AddressFamily.InterNetwork => IsDottedQuad(text),
            AddressFamily.InterNetworkV6 => !text.Contains('%', StringComparison.Ordinal) && !parsed.IsIPv4MappedToIPv6,
            _ => false,
        };
        if (valid) address = parsed;
        return valid;
    }

    private static bool IsDottedQuad(string text)
    {
        var parts = text.Split('.');
        return parts.Length == 4 && parts.All(p =>
            p.Length is >= 1 and <= 3 && p.All(char.IsAsciiDigit) && (p.Length == 1 || p[0] != '0') && int.Parse(p, System.Globalization.CultureInfo.InvariantCulture) <= 255);
    }
}
