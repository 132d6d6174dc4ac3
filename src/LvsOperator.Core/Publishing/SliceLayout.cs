using System.Security.Cryptography;
using System.Text;
using LvsOperator.Core.Kernel;

namespace LvsOperator.Core.Publishing;

/// <summary>
/// How a VirtualService's share of one node is cut into NodeSlices and what they are called. Destinations
/// go to a slice by a stable hash, so one endpoint change rewrites one slice per node; the slice count is a
/// power of two that grows only when a slice would average more than half of <see cref="MaxDestinations"/>.
/// </summary>
public static class SliceLayout
{
    /// <summary>Destinations per slice at most (the CRD's maxItems is a little above): about 150 KB of JSON, far below etcd's 1.5 MiB.</summary>
    public const int MaxDestinations = 1000;

    private const int MaxNameLength = 253;

    public static int SliceCount(int destinations)
    {
        var count = 1;
        while (destinations > (count == 1 ? MaxDestinations : count * (MaxDestinations / 2))) count *= 2;
        return count;
    }

    public static int SliceOf(ServiceKey service, DestinationKey destination, int count) =>
        count == 1 ? 0 : (int)(Fnv1a($"{service}|{destination}") % (uint)count);

    /// <summary><c>VS.NODE</c>, then <c>VS.NODE.1</c> and on; a name over 253 characters uses a hash of the node instead.</summary>
    public static string Name(string virtualService, string node, int index)
    {
        var suffix = index == 0 ? "" : $".{index}";
        var name = $"{virtualService}.{node}{suffix}";
        if (name.Length <= MaxNameLength) return name;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(node)))[..16];
        return $"{virtualService[..Math.Min(virtualService.Length, MaxNameLength - hash.Length - suffix.Length - 1)]}.{hash}{suffix}";
    }

    private static uint Fnv1a(string text)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(text)) hash = (hash ^ b) * 16777619u;
        return hash;
    }
}
