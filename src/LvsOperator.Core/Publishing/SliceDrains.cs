using LvsOperator.Core.Kernel;
using LvsOperator.Core.Planning;

namespace LvsOperator.Core.Publishing;

/// <summary>
/// Which slice a draining destination belongs to. A removed destination is in no slice any more, so it is
/// told on the slices that carry its service; a whole service removed from a VirtualService that still exists
/// (a port changed) is in no slice either, and is told on the slice that holds its VIP, which the drain keeps.
/// A drain that no slice carries or holds the VIP of belongs to a VirtualService being deleted: it is told on every
/// emptied slice, so the controller keeps its finalizer until the kernel has let the connections go.
/// </summary>
internal sealed class SliceDrains
{
    private const int Named = 3;

    private readonly ILookup<ServiceKey, DrainKey> _byService;
    private readonly ILookup<System.Net.IPAddress, DrainKey> _byVip;
    private readonly IReadOnlyList<DrainKey> _orphans = [];

    public SliceDrains(IReadOnlyCollection<DrainKey> draining, IEnumerable<NodeDesiredState> shares)
    {
        _byService = draining.ToLookup(d => d.Service);
        if (draining.Count == 0)
        {
            _byVip = Array.Empty<DrainKey>().ToLookup(d => d.Destination.Address);
            return;
        }

        var all = shares.ToList();
        var carried = all.SelectMany(s => s.Services.Keys).ToHashSet();
        var held = all.SelectMany(s => s.Addresses.Select(a => a.Address)).ToHashSet();
        var uncarried = draining.Where(d => !carried.Contains(d.Service)).ToList();
        _byVip = uncarried.Where(d => d.Service is VirtualAddressKey).ToLookup(d => ((VirtualAddressKey)d.Service).Address);
        _orphans = uncarried.Where(d => d.Service is not VirtualAddressKey vip || !held.Contains(vip.Address)).ToList();
    }

    /// <summary>The draining destinations this slice answers for, in a stable order.</summary>
    public IReadOnlyList<DrainKey> Of(NodeDesiredState share)
    {
        if (_byService.Count == 0) return [];
        return share.Services.Keys.SelectMany(k => _byService[k])
            .Concat(share.Addresses.Select(a => a.Address).Distinct().SelectMany(a => _byVip[a]))
            .Concat(share.Services.Count == 0 && share.Addresses.Count == 0 ? _orphans : [])
            .Distinct()
            .OrderBy(d => d.Service).ThenBy(d => d.Destination)
            .ToList();
    }

    public static string Message(IReadOnlyList<DrainKey> draining) => draining.Count switch
    {
        0 => "",
        _ => $"{draining.Count} removed destination(s) still hold connections: "
             + string.Join(", ", draining.Take(Named).Select(d => $"{d.Destination} of {d.Service}"))
             + (draining.Count > Named ? ", ..." : ""),
    };
}
