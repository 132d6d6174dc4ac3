using System.Net.Sockets;
using LvsOperator.Core.Resources;

namespace LvsOperator.Core.LoadBalancing;

/// <summary>
/// Who holds which address during one allocation. An address has one holder, or several that all carry the same
/// sharing key and whose protocol/port pairs do not collide (MetalLB's <c>allow-shared-ip</c>).
/// </summary>
internal sealed class AddressLedger
{
    private readonly Dictionary<(AddressFamily, UInt128), List<AllocationRequest>> _holders = [];
    private readonly Dictionary<AddressFamily, SortedSet<UInt128>> _used = new()
    {
        [AddressFamily.InterNetwork] = [],
        [AddressFamily.InterNetworkV6] = [],
    };

    /// <summary>
    /// Per range, an address below which every address is held or avoided: Take only fills addresses, so the search
    /// resumes there and allocating N Services costs N steps, not N squared; Release lowers it again.
    /// </summary>
    private readonly Dictionary<AddressRange, UInt128> _searchFrom = [];

    /// <summary>Null when <paramref name="request"/> may take the address, else why not.</summary>
    public AllocationFailure? Refusal(AddressFamily family, UInt128 number, AllocationRequest request)
    {
        if (!_holders.TryGetValue((family, number), out var holders) || holders.Count == 0) return null;
        var address = AddressNumbers.ToAddress(family, number);
        var holder = holders[0].Name;
        if (request.SharingKey is null || holders.Any(h => h.SharingKey != request.SharingKey))
            return new(AllocationFailureReason.RequestedAddressInUse,
                $"{address} is held by Service {holder}, and the two do not carry the same {LoadBalancerAnnotations.AllowSharedIp} key");
        var collision = holders.FirstOrDefault(h => h.Ports.Overlaps(request.Ports));
        return collision is null
            ? null
            : new(AllocationFailureReason.SharingConflict,
                $"{address} is shared with Service {collision.Name}, which already uses {Describe(collision.Ports, request.Ports)}");
    }

    public void Take(AddressFamily family, UInt128 number, AllocationRequest request)
    {
        if (!_holders.TryGetValue((family, number), out var holders)) _holders[(family, number)] = holders = [];
        holders.Add(request);
        _used[family].Add(number);
    }

    public void Release(AddressFamily family, UInt128 number, AllocationRequest request)
    {
        if (!_holders.TryGetValue((family, number), out var holders)) return;
        holders.Remove(request);
        if (holders.Count > 0) return;
        _holders.Remove((family, number));
        _used[family].Remove(number);
        foreach (var range in _searchFrom.Keys.Where(r => r.Contains(family, number) && _searchFrom[r] > number).ToList())
            _searchFrom[range] = number;
    }

    /// <summary>Whether some Service holds the address (shared or not).</summary>
    public bool IsHeld(AddressFamily family, UInt128 number) => _used[family].Contains(number);

    /// <summary>Held addresses of one family in [first, last], lowest first.</summary>
    public IEnumerable<UInt128> HeldBetween(AddressFamily family, UInt128 first, UInt128 last) => _used[family].GetViewBetween(first, last);

    /// <summary>
    /// The lowest address of a range no one holds (and not a .0/.255 when <paramref name="avoidBuggy"/>), found by
    /// stepping over held addresses only: the cost is the held count, never the range's size.
    /// </summary>
    public UInt128? FirstFree(AddressRange range, bool avoidBuggy)
    {
        var candidate = _searchFrom.GetValueOrDefault(range, range.First);
        while (true)
        {
            var skip = avoidBuggy && AddressNumbers.IsBuggy(range.Family, candidate) || _used[range.Family].Contains(candidate);
            if (!skip)
            {
                _searchFrom[range] = candidate;
                return candidate;
            }

            if (candidate == range.Last)
            {
                _searchFrom[range] = candidate;
                return null;
            }

            candidate++;
        }
    }

    private static string Describe(
        IReadOnlySet<(Protocol Protocol, int Port)> held, IReadOnlySet<(Protocol Protocol, int Port)> wanted) =>
        string.Join(", ", held.Intersect(wanted)
            .OrderBy(p => p.Protocol).ThenBy(p => p.Port)
            .Select(p => $"{p.Protocol.ToString().ToUpperInvariant()}/{p.Port}"));
}
