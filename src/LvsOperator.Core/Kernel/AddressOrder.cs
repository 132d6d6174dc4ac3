using System.Net;

namespace LvsOperator.Core.Kernel;

/// <summary>A total order on addresses, IPv4 before IPv6, then numeric, without allocating.</summary>
internal static class AddressOrder
{
    public static int Compare(IPAddress a, IPAddress b)
    {
        // Enum.CompareTo takes an object: compared as ints, nothing is boxed.
        var byFamily = ((int)a.AddressFamily).CompareTo((int)b.AddressFamily);
        if (byFamily != 0) return byFamily;
        Span<byte> left = stackalloc byte[16];
        Span<byte> right = stackalloc byte[16];
        a.TryWriteBytes(left, out var length);
        b.TryWriteBytes(right, out _);
        return left[..length].SequenceCompareTo(right[..length]);
    }
}
