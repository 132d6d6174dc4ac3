using System.Collections.Immutable;
using LvsOperator.Core.Kernel;
using LvsOperator.Netlink.Ipvs;
using LvsOperator.Node.Ipvs;

namespace LvsOperator.Cli.List;

/// <summary>Reads the table over netlink, as ipvsadm does: the info, one service dump, one destination dump per service.</summary>
internal static class IpvsTableReader
{
    /// <param name="owned">The ledger's services; a kernel service is owned if its planner key is among them.</param>
    public static async Task<IpvsTableSnapshot> ReadAsync(IIpvsClient ipvs, ImmutableHashSet<ServiceKey> owned, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ipvs);
        ArgumentNullException.ThrowIfNull(owned);
        var info = await ipvs.GetInfoAsync(cancellationToken).ConfigureAwait(false);
        var services = await ipvs.GetServicesAsync(cancellationToken).ConfigureAwait(false);
        var listed = new List<ListedService>(services.Count);
        foreach (var service in services)
        {
            // A service deleted since the dump lists with no destinations (the kernel answers an empty dump).
            var destinations = await ipvs.GetDestinationsAsync(service.Key, cancellationToken).ConfigureAwait(false);
            var key = IpvsMapping.FromNetlink(service.Key);
            listed.Add(new ListedService(service, destinations, key is not null && owned.Contains(key)));
        }

        return new IpvsTableSnapshot(info, listed);
    }
}
