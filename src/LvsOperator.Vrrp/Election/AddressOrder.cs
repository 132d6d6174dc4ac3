using System.Net;

namespace LvsOperator.Vrrp.Election;

/// <summary>
/// "Greater" primary address for the §6.4.3 tie-break: the addresses as unsigned big-endian numbers,
/// which is how keepalived and the RFC's examples compare them.
/// </summary>
internal static class AddressOrder
{
    public static int Compare(IPAddress left, IPAddress right)
    {
        Span<byte> a = stackalloc byte[16];
        Span<byte> b = stackalloc byte[16];
        left.TryWriteBytes(a, out var lengthA);
        right.TryWriteBytes(b, out var lengthB);
        return a[..lengthA].SequenceCompareTo(b[..lengthB]);
    }
}
