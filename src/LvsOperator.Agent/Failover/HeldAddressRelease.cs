using System.Net;
using LvsOperator.Netlink;
using LvsOperator.Netlink.Route;

namespace LvsOperator.Agent.Failover;

/// <summary>
/// On a graceful stop the VIPs a master held come off the director interface. The reconcile loop has stopped
/// by then (hosted services stop in reverse order), so the gate's "no longer held" would never reach the
/// planner, and the stopped node, with the VIP still local, would keep answering ARP for it next to the new
/// master (seen in the failover lab, tests/lab/failover/README.md).
/// </summary>
internal static class HeldAddressRelease
{
    /// <summary>Deletes <paramref name="addresses"/> from <paramref name="interfaceName"/>; an address already gone is no error.</summary>
    public static async Task ReleaseAsync(string interfaceName, IReadOnlyCollection<IPAddress> addresses, CancellationToken cancellationToken)
    {
        if (addresses.Count == 0) return;
        using var route = RouteNetlinkClient.Open();
        var link = await route.GetLinkAsync(interfaceName, cancellationToken).ConfigureAwait(false);
        foreach (var address in addresses)
        {
            try
            {
                await route.DeleteVirtualAddressAsync(link.Index, address, cancellationToken).ConfigureAwait(false);
            }
            catch (NetlinkException e) when (e.IsNotFound)
            {
                // Not there: nothing to give up.
            }
        }
    }
}
