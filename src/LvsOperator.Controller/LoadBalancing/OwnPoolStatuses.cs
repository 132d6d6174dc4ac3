using System.Collections.Concurrent;
using LvsOperator.Core.Resources;

namespace LvsOperator.Controller.LoadBalancing;

/// <summary>
/// The AddressPool statuses this replica wrote, for the passes that run before the watch brings them back. A pool's
/// <c>Shrunk</c> condition holds for the rest of the edit that caused it (the Services lose the addresses in the
/// pass that notices it), which a pass reads from the pool's last status: a pass that read the cache's older status
/// instead wrote <c>Shrunk=False</c> over it.
/// </summary>
public sealed class OwnPoolStatuses
{
    private readonly ConcurrentDictionary<string, (string? Uid, AddressPoolStatus Status)> _written = new(StringComparer.Ordinal);

    public void Written(string pool, string? uid, AddressPoolStatus status) => _written[pool] = (uid, status);

    /// <summary>
    /// The pool with the status written for its current generation while the cache holds none for it yet; else as cached
    /// (once the echo, or anyone's status for that generation, is in the cache, the cache is the newer).
    /// </summary>
    public AddressPool Newest(AddressPool cached)
    {
        var generation = cached.Metadata.Generation;
        return _written.TryGetValue(cached.Metadata.Name, out var own)
            && own.Uid == cached.Metadata.Uid && own.Status.ObservedGeneration == generation && cached.Status?.ObservedGeneration != generation
                ? cached with { Status = own.Status }
                : cached;
    }
}
