using LvsOperator.Netlink.Codec;
using static LvsOperator.Netlink.Ipvs.IpvsNetlink;

namespace LvsOperator.Netlink.Ipvs;

/// <summary>Maps batch operations to their requests and names.</summary>
internal static class IpvsBatchEncoding
{
    public static void Write(NetlinkWriter writer, ushort familyId, IpvsOperation operation)
    {
        switch (operation.Kind)
        {
            case IpvsOperationKind.AddService:
                IpvsEncoder.ServiceCommand(writer, familyId, IPVS_CMD_NEW_SERVICE, operation.Service!);
                break;
            case IpvsOperationKind.UpdateService:
                IpvsEncoder.ServiceCommand(writer, familyId, IPVS_CMD_SET_SERVICE, operation.Service!);
                break;
            case IpvsOperationKind.DeleteService:
                IpvsEncoder.ServiceKeyCommand(writer, familyId, IPVS_CMD_DEL_SERVICE, operation.ServiceKey, NetlinkMessageFlags.Ack);
                break;
            case IpvsOperationKind.AddDestination:
                IpvsEncoder.DestinationCommand(writer, familyId, IPVS_CMD_NEW_DEST, operation.ServiceKey, operation.Destination!, full: true);
                break;
            case IpvsOperationKind.UpdateDestination:
                IpvsEncoder.DestinationCommand(writer, familyId, IPVS_CMD_SET_DEST, operation.ServiceKey, operation.Destination!, full: true);
                break;
            case IpvsOperationKind.DeleteDestination:
                IpvsEncoder.DestinationCommand(writer, familyId, IPVS_CMD_DEL_DEST, operation.ServiceKey, operation.Destination!, full: false);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(operation), operation.Kind, "Unknown operation.");
        }
    }

    public static string Describe(IpvsOperation operation) => operation.Kind switch
    {
        IpvsOperationKind.AddService => $"IPVS_CMD_NEW_SERVICE {operation.ServiceKey}",
        IpvsOperationKind.UpdateService => $"IPVS_CMD_SET_SERVICE {operation.ServiceKey}",
        IpvsOperationKind.DeleteService => $"IPVS_CMD_DEL_SERVICE {operation.ServiceKey}",
        IpvsOperationKind.AddDestination => $"IPVS_CMD_NEW_DEST {operation.ServiceKey} -> {operation.Destination!.Key}",
        IpvsOperationKind.UpdateDestination => $"IPVS_CMD_SET_DEST {operation.ServiceKey} -> {operation.Destination!.Key}",
        IpvsOperationKind.DeleteDestination => $"IPVS_CMD_DEL_DEST {operation.ServiceKey} -> {operation.Destination!.Key}",
        _ => operation.Kind.ToString(),
    };
}
