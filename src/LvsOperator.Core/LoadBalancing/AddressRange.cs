using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Numerics;
using LvsOperator.Core.Validation;

namespace LvsOperator.Core.LoadBalancing;

/// <summary>
/// An inclusive range of one family's addresses as integers, from a CIDR (host bits masked, as MetalLB does) or
/// an <c>a-b</c> range, spelt as the CRD's CEL rule accepts them (no spaces; a reversed range parses nowhere). Integers, so that a /64 is two numbers and never a list.
/// </summary>
public readonly record struct AddressRange(AddressFamily Family, UInt128 First, UInt128 Last)
{
    public BigInteger Count => (BigInteger)Last - First + 1;

    public bool Contains(AddressFamily family, UInt128 address) => family == Family && address >= First && address <= Last;

    public bool Overlaps(AddressRange other) => other.Family == Family && other.First <= Last && First <= other.Last;

    public static bool TryParse(string text, out AddressRange range)
    {
        range = default;
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        if (dash >= 0)
        {
            if (!IpAddresses.TryParse(text[..dash], out var from) || !IpAddresses.TryParse(text[(dash + 1)..], out var to)) return false;
            if (from.AddressFamily != to.AddressFamily) return false;
            var (first, last) = (AddressNumbers.ToNumber(from), AddressNumbers.ToNumber(to));
            if (first > last) return false; // the CEL rule cannot order addresses: the controller and lvsctl say so
            range = new(from.AddressFamily, first, last);
            return true;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !IpAddresses.TryParse(text[..slash], out var network)) return false;
        var bits = AddressNumbers.Bits(network.AddressFamily);
        var prefixText = text[(slash + 1)..];
        // As Go's netip.ParsePrefix, which the CEL isCIDR calls: digits only, no leading zero.
        if (prefixText.Length is 0 or > 3 || !prefixText.All(char.IsAsciiDigit) || prefixText is ['0', _, ..]) return false;
        var prefix = int.Parse(prefixText, CultureInfo.InvariantCulture);
        if (prefix > bits) return false;
        var hostMask = prefix == 0 ? AddressNumbers.AllOnes(bits) : (UInt128.One << (bits - prefix)) - 1;
        var start = AddressNumbers.ToNumber(network) & ~hostMask;
        range = new(network.AddressFamily, start, start | hostMask);
        return true;
    }

    public override string ToString() =>
        $"{AddressNumbers.ToAddress(Family, First)}-{AddressNumbers.ToAddress(Family, Last)}";
}
