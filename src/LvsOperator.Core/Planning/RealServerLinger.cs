using System.Collections.Immutable;
using LvsOperator.Core.Kernel;

namespace LvsOperator.Core.Planning;

/// <summary>
/// Keeps a DR or TUN real server's VIP for a grace period after it leaves the desired state. The director drains
/// a removed real server (weight 0) and keeps forwarding its established connections until they end or the
/// drain grace runs out; a real server that dropped the VIP at once would drop those packets, since only a
/// node holding the VIP accepts them. The ARP and reverse-path sysctls (<c>net.ipv4.conf.*</c>) and the link
/// the VIP sits on stay with it: a VIP without <c>arp_ignore</c> would answer ARP for the director's address.
/// Immutable: <see cref="Apply"/> returns the state to plan and the linger of the next cycle. It lives in the
/// agent's memory, so an agent restart ends the grace early.
/// </summary>
public sealed record RealServerLinger
{
    private const string InterfaceSysctls = "net.ipv4.conf.";

    public static RealServerLinger None { get; } = new();

    private NodeDesiredState? Last { get; init; }
    private ImmutableSortedDictionary<InterfaceAddress, DateTimeOffset> Until { get; init; } = ImmutableSortedDictionary<InterfaceAddress, DateTimeOffset>.Empty;
    private ImmutableSortedDictionary<string, string> Sysctls { get; init; } = ImmutableSortedDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal);
    private ImmutableSortedDictionary<string, LinkKind> Links { get; init; } = ImmutableSortedDictionary<string, LinkKind>.Empty.WithComparers(StringComparer.Ordinal);
    private ImmutableSortedSet<FouPortKey> GuePorts { get; init; } = ImmutableSortedSet<FouPortKey>.Empty;

    /// <summary>When the next held VIP is released, so the loop can wake for it; null when none is held.</summary>
    public DateTimeOffset? NextRelease => Until.IsEmpty ? null : Until.Values.Min();

    /// <summary>
    /// <paramref name="desired"/> plus the real-server VIPs (any interface but <paramref name="directorInterface"/>)
    /// that left it less than <paramref name="grace"/> ago, with what they need.
    /// </summary>
    public (NodeDesiredState State, RealServerLinger Next) Apply(NodeDesiredState desired, string directorInterface, TimeSpan grace, DateTimeOffset now)
    {
        var left = (Last?.Addresses ?? []).Where(a => a.Interface != directorInterface && !desired.Addresses.Contains(a));
        var until = Until.SetItems(left.Where(a => !Until.ContainsKey(a)).Select(a => KeyValuePair.Create(a, now + grace)))
            .RemoveRange(Until.Keys.Where(desired.Addresses.Contains))
            .RemoveRange(Until.Where(u => u.Value <= now).Select(u => u.Key));
        if (until.IsEmpty) return (desired, None with { Last = desired });

        // Something is held, so an earlier cycle set Last.
        var interfaces = until.Keys.Select(a => a.Interface).ToHashSet(StringComparer.Ordinal);
        var sysctls = Sysctls.SetItems(Last!.Sysctls.Where(s => s.Key.StartsWith(InterfaceSysctls, StringComparison.Ordinal)));
        var links = Links.SetItems(Last.Links.Where(l => interfaces.Contains(l.Key)));
        // A GUE real server's tunnelled packets arrive through its fou port: it stays while a VIP does.
        var guePorts = GuePorts.Union(Last.GuePorts);
        var held = desired with
        {
            Addresses = desired.Addresses.Union(until.Keys),
            Sysctls = sysctls.SetItems(desired.Sysctls),
            Links = links.SetItems(desired.Links),
            GuePorts = desired.GuePorts.Union(guePorts),
        };
        return (held, new RealServerLinger { Last = desired, Until = until, Sysctls = sysctls, Links = links, GuePorts = guePorts });
    }
}
