using System.Net;
using LvsOperator.Vrrp.Wire;

namespace LvsOperator.Vrrp.Election;

/// <summary>
/// Whether a decoded advertisement may reach the state machine at all (§7.1 receive checks, plus unicast peering
/// and the address owner's deafness), before §6.4.2 / §6.4.3 look at its priority. Pure: options and state in,
/// a <see cref="VrrpRejection"/> out (<see cref="VrrpRejection.None"/> admits it).
/// </summary>
internal static class AdvertisementAdmission
{
    public static VrrpRejection Check(
        VrrpInstanceOptions options, VrrpState state, IPAddress source, IPAddress destination, VrrpAdvertisement advertisement)
    {
        var unicast = !options.UnicastPeers.IsEmpty;
        var toGroup = destination.Equals(VrrpPacket.GroupFor(source.AddressFamily));
        return true switch
        {
            _ when state == VrrpState.Initialize => VrrpRejection.NotRunning,
            _ when advertisement.VirtualRouterId != options.VirtualRouterId => VrrpRejection.WrongVirtualRouterId,
            _ when source.AddressFamily != options.PrimaryAddress.AddressFamily => VrrpRejection.AddressFamilyMismatch,
            _ when source.Equals(options.PrimaryAddress) => VrrpRejection.FromSelf,
            _ when unicast && !options.UnicastPeers.Contains(source) => VrrpRejection.NotAPeer,
            _ when unicast == toGroup => VrrpRejection.UnexpectedDestination,
            _ when advertisement.MaxAdvertiseInterval == 0 => VrrpRejection.ZeroInterval,
            _ when options.IsAddressOwner => VrrpRejection.LocalIsAddressOwner,
            _ => VrrpRejection.None,
        };
    }
}
