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

    /// <summary>
    /// Go's <c>netip.Addr.IsGlobalUnicast</c>, which the CEL rule calls: not unspecified, loopback, multicast,
    /// link-local unicast (169.254.0.0/16, fe80::/10) nor the IPv4 limited broadcast 255.255.255.255.
    /// </summary>
    public static bool IsGlobalUnicast(IPAddress address)
    {
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || IPAddress.IsLoopback(address)) return false;
        if (address.AddressFamily == AddressFamily.InterNetworkV6) return !address.IsIPv6Multicast && !address.IsIPv6LinkLocal;
        var b = address.GetAddressBytes();
        return (b[0] & 0xf0) != 0xe0 && !(b[0] == 169 && b[1] == 254) && !address.Equals(IPAddress.Broadcast);
    }

    private static bool IsDottedQuad(string text)
    {
        var parts = text.Split('.');
        return parts.Length == 4 && parts.All(p =>
            p.Length is >= 1 and <= 3 && p.All(char.IsAsciiDigit) && (p.Length == 1 || p[0] != '0') && int.Parse(p, System.Globalization.CultureInfo.InvariantCulture) <= 255);
    }
}
