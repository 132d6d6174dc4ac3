using System.Collections.Immutable;
using System.Net;
using LvsOperator.Core.Kernel;

namespace LvsOperator.Agent.Failover;

/// <summary>
/// What the planner may hold of the failover groups' VIPs: those of the groups this node is master of. The
/// others come out of the director interface's addresses, so the planner removes them on becoming backup and
/// adds them on becoming master; the IPVS services stay on every director, so a takeover needs no reprogramming.
/// </summary>
internal static class FailoverGate
{
    public static NodeDesiredState Apply(NodeDesiredState desired, IReadOnlySet<IPAddress> held, string directorInterface)
    {
        var withheld = desired.Failover.Values.SelectMany(g => g.Addresses).Where(a => !held.Contains(a)).ToHashSet();
        if (withheld.Count == 0) return desired;
        return desired with
        {
            Addresses = desired.Addresses.Where(a => a.Interface != directorInterface || !withheld.Contains(a.Address)).ToImmutableSortedSet(),
        };
    }
}
