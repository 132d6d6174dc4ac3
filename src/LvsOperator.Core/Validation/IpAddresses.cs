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

    /// <summary>Four parts of one to three digits, no leading zero, each at most 255; read in place (every endpoint passes here).</summary>
    private static bool IsDottedQuad(string text)
    {
        var rest = text.AsSpan();
        for (var part = 0; part < 4; part++)
        {
            var dot = rest.IndexOf('.');
            if ((dot < 0) != (part == 3)) return false;
            var digits = dot < 0 ? rest : rest[..dot];
            if (digits.Length is < 1 or > 3 || digits.ContainsAnyExceptInRange('0', '9') || (digits.Length > 1 && digits[0] == '0')
                || int.Parse(digits, provider: System.Globalization.CultureInfo.InvariantCulture) > 255) return false;
            rest = dot < 0 ? [] : rest[(dot + 1)..];
        }

        return true;
    }
}
