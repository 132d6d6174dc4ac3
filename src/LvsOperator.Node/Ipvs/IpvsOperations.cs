using LvsOperator.Core.Planning;
using LvsOperator.Netlink.Ipvs;

namespace LvsOperator.Node.Ipvs;

/// <summary>The planner's IPVS operations as netlink IPVS commands.</summary>
internal static class IpvsOperations
{
    /// <returns>Null for an operation that is not an IPVS command.</returns>
    public static IpvsOperation? TryMap(Operation operation) => operation switch
    {
        AddService op => IpvsOperation.AddService(IpvsMapping.ToNetlink(op.Service)),
        UpdateService op => IpvsOperation.UpdateService(IpvsMapping.ToNetlink(op.Service)),
        DeleteService op => IpvsOperation.DeleteService(IpvsMapping.ToNetlink(op.Key)),
        AddDestination op => IpvsOperation.AddDestination(IpvsMapping.ToNetlink(op.Service), IpvsMapping.ToNetlink(op.Destination)),
        UpdateDestination op => IpvsOperation.UpdateDestination(IpvsMapping.ToNetlink(op.Service), IpvsMapping.ToNetlink(op.Destination)),
        DrainDestination op => IpvsOperation.UpdateDestination(IpvsMapping.ToNetlink(op.Service), IpvsMapping.ToNetlink(op.Destination)),
        DeleteDestination op => IpvsOperation.DeleteDestination(IpvsMapping.ToNetlink(op.Service), new IpvsDestinationKey(op.Destination.Address, op.Destination.Port)),
        _ => null,
    };
}
