using System.Net.Sockets;
using System.Numerics;
using LvsOperator.Core.Resources;

namespace LvsOperator.Core.LoadBalancing;

/// <summary>An <see cref="AddressPool"/> parsed once per allocation: its ranges, and whom it admits.</summary>
internal sealed class PoolView
{
    private PoolView(AddressPool pool, IReadOnlyList<AddressRange> ranges, IReadOnlyList<string> unparsable)
    {
        Pool = pool;
        Ranges = ranges;
        Unparsable = unparsable;
    }

    public AddressPool Pool { get; }
    public string Name => Pool.Metadata.Name;
    public IReadOnlyList<AddressRange> Ranges { get; }
    public IReadOnlyList<string> Unparsable { get; }
    public List<string> OverlappingPools { get; } = [];
    public bool Usable => Unparsable.Count == 0 && OverlappingPools.Count == 0;
    public bool AutoAssign => Pool.Spec.AutoAssign;

    public static PoolView Parse(AddressPool pool)
    {
        var ranges = new List<AddressRange>();
        var unparsable = new List<string>();
        foreach (var entry in pool.Spec.Addresses)
        {
            if (AddressRange.TryParse(entry, out var range)) ranges.Add(range);
            else unparsable.Add(entry);
        }

        ranges.Sort((a, b) => a.Family != b.Family ? a.Family.CompareTo(b.Family) : a.First.CompareTo(b.First));
        return new PoolView(pool, ranges, unparsable);
    }

    /// <summary>Whether the pool may hand out this address: inside a range, and not a .0/.255 it avoids.</summary>
    public bool Contains(AddressFamily family, UInt128 number) =>
        Ranges.Any(r => r.Contains(family, number)) && !(Pool.Spec.AvoidBuggyIPs && AddressNumbers.IsBuggy(family, number));

    /// <summary>Inside a range, whatever <c>avoidBuggyIPs</c> says (to tell "excluded" from "outside").</summary>
    public bool Spans(AddressFamily family, UInt128 number) => Ranges.Any(r => r.Contains(family, number));

    public bool HasFamily(AddressFamily family) => Ranges.Any(r => r.Family == family);

    /// <summary>Addresses of one family the pool can hand out; entries that overlap each other count once.</summary>
    public BigInteger Total(AddressFamily family) =>
        Merged(family).Aggregate(BigInteger.Zero, (sum, r) => sum + r.Count - Avoided(r));

    private List<AddressRange> Merged(AddressFamily family)
    {
        var merged = new List<AddressRange>();
        foreach (var range in Ranges.Where(r => r.Family == family))
        {
            // Sorted by first address: a range touching or overlapping the previous one extends it.
            if (merged.Count > 0 && (range.First == 0 || merged[^1].Last >= range.First - 1))
                merged[^1] = merged[^1] with { Last = UInt128.Max(merged[^1].Last, range.Last) };
            else
                merged.Add(range);
        }

        return merged;
    }

    /// <summary>MetalLB's serviceAllocation: namespace listed or selected (none of either: all), and a service selector matches (none: all).</summary>
    public bool Admits(LoadBalancerService service, IReadOnlyDictionary<string, string>? namespaceLabels)
    {
        var allocation = Pool.Spec.ServiceAllocation;
        if (allocation is null) return true;
        var namespaces = allocation.Namespaces ?? [];
        var namespaceSelectors = allocation.NamespaceSelectors ?? [];
        var namespaceAdmitted = namespaces.Count == 0 && namespaceSelectors.Count == 0
            || namespaces.Contains(service.Name.Namespace, StringComparer.Ordinal)
            || namespaceSelectors.Any(s => s.Matches(namespaceLabels));
        var serviceSelectors = allocation.ServiceSelectors ?? [];
        return namespaceAdmitted && (serviceSelectors.Count == 0 || serviceSelectors.Any(s => s.Matches(service.Labels)));
    }

    /// <summary>Priority order of auto-assignment: lower priority first, pools without one last, then by name.</summary>
    public static int CompareByPriority(PoolView a, PoolView b)
    {
        var (pa, pb) = (a.Pool.Spec.ServiceAllocation?.Priority, b.Pool.Spec.ServiceAllocation?.Priority);
        if (pa != pb) return pa is null ? 1 : pb is null ? -1 : pa.Value.CompareTo(pb.Value);
        return string.CompareOrdinal(a.Name, b.Name);
    }

    /// <summary>Which of two overlapping pools keeps the addresses: the older, then the first by name.</summary>
    public static int CompareBySeniority(PoolView a, PoolView b)
    {
        var (ta, tb) = (a.Pool.Metadata.CreationTimestamp ?? DateTimeOffset.MaxValue, b.Pool.Metadata.CreationTimestamp ?? DateTimeOffset.MaxValue);
        return ta != tb ? ta.CompareTo(tb) : string.CompareOrdinal(a.Name, b.Name);
    }

    /// <summary>The .0 and .255 addresses of an IPv4 range, when the pool avoids them.</summary>
    private BigInteger Avoided(AddressRange range)
    {
        if (!Pool.Spec.AvoidBuggyIPs || range.Family != AddressFamily.InterNetwork) return 0;
        return EndingIn(range.Last, 0) - (range.First == 0 ? 0 : EndingIn(range.First - 1, 0))
               + EndingIn(range.Last, 255) - (range.First == 0 ? 0 : EndingIn(range.First - 1, 255));
    }

    /// <summary>How many numbers in [0, upTo] have <paramref name="lowByte"/> as their last byte.</summary>
    private static BigInteger EndingIn(UInt128 upTo, int lowByte) => (BigInteger)(upTo / 256) + ((int)(upTo % 256) >= lowByte ? 1 : 0);
}
