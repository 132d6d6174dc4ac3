namespace LvsOperator.Core.Resources;

/// <summary>The schedulers the kernel ships (net/netfilter/ipvs/ip_vs_*.c), each a module loaded on first use.</summary>
public static class Schedulers
{
    public static IReadOnlyList<string> Known { get; } =
        ["rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "fo", "ovf", "mh", "twos"];
}
